"""ObjectStoragePath, as far as a stand-in without fsspec can go: local paths (file:// URLs or plain paths), with
pathlib's API. Airflow's own (fsspec-backed, any scheme with a connection) wins when Airflow is installed."""
import pathlib
from urllib.parse import unquote, urlsplit

LOCAL_SCHEMES = ("", "file", "local")


class ObjectStoragePath(pathlib.PosixPath):
    """A local object storage path: ObjectStoragePath("file:///data/x.csv"), ObjectStoragePath("/data", "x.csv")."""

    def __new__(cls, *args, conn_id=None, **kwargs):
        return super().__new__(cls, *(_local(a) for a in args))

    def __init__(self, *args, conn_id=None, **kwargs):
        if hasattr(pathlib.PurePath, "with_segments"):  # Python 3.12+: pathlib has an __init__ of its own
            super().__init__(*(_local(a) for a in args))
        self.conn_id = conn_id

    @property
    def protocol(self):
        return "file"

    def __repr__(self):
        return f"ObjectStoragePath('file://{self}')"


def _local(part):
    if isinstance(part, str) and "://" in part:
        url = urlsplit(part)
        if url.scheme not in LOCAL_SCHEMES:
            raise ValueError(f"ObjectStoragePath {part!r}: Updraft's stand-in for Airflow reads local files "
                             f"(file://) only; install Airflow's Task SDK for the {url.scheme} scheme")
        return unquote(url.netloc + url.path)
    return part
