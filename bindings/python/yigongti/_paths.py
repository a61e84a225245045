"""Files that bundle files name, as the C library treats them (doc/limits.md, "Files and paths")."""
import os


def leaves(rel):
    """Whether a path written in a bundle file leaves that file's directory
    (absolute, or a ".." component) while the host has not allowed it with
    :func:`yigongti.set_outside_paths`."""
    from . import outside_paths
    return (os.path.isabs(rel) or ".." in rel.split("/")) and not outside_paths()


def why_not_readable(path):
    """None for a regular file, else why it is not read: open() on a FIFO
    waits for a writer, a device reads without end."""
    if os.path.isdir(path):
        return "is a directory, not a file"
    if os.path.exists(path) and not os.path.isfile(path):
        return "not a regular file (a FIFO, device or socket is never read)"
    return None
