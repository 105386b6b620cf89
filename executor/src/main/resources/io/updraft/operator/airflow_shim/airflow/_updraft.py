"""What Updraft's Python runner gives the task: the store's variables and connections, the run's XComs, the
current context. Filled by the runner before the task's code runs."""

variables = {}
connections = {}
xcoms = []
context = None
