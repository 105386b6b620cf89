package io.updraft.operator;

import io.updraft.UpdraftException;

/** The Python callable raised an exception (other than skip / fail) or its result could not be used. */
class PythonTaskException extends UpdraftException {
    PythonTaskException(String message) {
        super(message);
    }
}
