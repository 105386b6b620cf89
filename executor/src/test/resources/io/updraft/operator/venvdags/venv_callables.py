# Callables for VirtualenvOperatorTest. As with Airflow's PythonVirtualenvOperator, only a function's own source
# runs in its environment, so this module-level import is never executed there.
import package_that_is_installed_nowhere  # noqa: F401


def packaged_version(greeting):
    import sys

    import six
    return {"six": six.__version__, "prefix": sys.prefix, "greeting": greeting}


def interpreter(ds):
    import sys
    return {"executable": sys.executable, "ds": ds}
