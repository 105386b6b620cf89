package io.updraft.operator;

/** The Python callable raised an exception (other than skip / fail) or its result could not be used. */
class PythonTaskException extends RuntimeException {
    PythonTaskException(String message) {
        super(message);
    }
}
