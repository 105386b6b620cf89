"""Python callables of the generated DAGs (the differential suite copies this file into the corpus folder)."""


def branch_to(choice):
    """BranchPythonOperator: follow the task ids given in op_kwargs."""
    return choice


def short_circuit(value):
    """ShortCircuitOperator: continue when value is truthy."""
    return value


def give(value):
    """PythonOperator: the (rendered) value becomes the XCom return_value."""
    return value
