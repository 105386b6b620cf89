# Airflow DAG loader of the differential suite: builds every dag-factory YAML file of this folder with
# dag-factory's load_yaml_dags, one file at a time (a file that fails is an import error of its own).
from pathlib import Path

from dagfactory import load_yaml_dags

for config in sorted(Path(__file__).parent.glob("*.y*ml")):
    load_yaml_dags(globals_dict=globals(), config_filepath=str(config))
