"""Error codes of the C library mapped to exception classes.

Every failing C call raises a subclass of :class:`YgtError` that carries the
code, its symbolic name and the details of ``ygt_error_last()``: message,
source, line, column and field.
"""
import ctypes

from ._lib import fn


class _Error(ctypes.Structure):
    _fields_ = [
        ("code", ctypes.c_int),
        ("message", ctypes.c_char_p),
        ("source", ctypes.c_char_p),
        ("line", ctypes.c_int),
        ("column", ctypes.c_int),
        ("field", ctypes.c_char_p),
    ]


_error_last = fn("ygt_error_last", ctypes.POINTER(_Error))
_error_clear = fn("ygt_error_clear", None)
_strerror = fn("ygt_strerror", ctypes.c_char_p, ctypes.c_int)
_error_name = fn("ygt_error_name", ctypes.c_char_p, ctypes.c_int)


def _text(raw):
    return raw.decode("utf-8", "replace") if raw else ""


def strerror(code):
    """Fixed description of an error code (``ygt_strerror``)."""
    return _text(_strerror(code))


def error_name(code):
    """Symbolic name of an error code, e.g. ``"YGT_ENOMEM"`` (``ygt_error_name``)."""
    return _text(_error_name(code))


def clear_error():
    """Reset this thread's error record (``ygt_error_clear``)."""
    _error_clear()


class YgtError(Exception):
    """A libyigongti call failed.  Attributes mirror ``ygt_error``."""

    code = None

    def __init__(self, code, message, source="", line=0, column=0, field=""):
        super().__init__(message or strerror(code))
        self.code = code
        self.name = error_name(code)
        self.message = message or strerror(code)
        self.source = source
        self.line = line
        self.column = column
        self.field = field


class OutOfMemoryError(YgtError, MemoryError):
    code = -1


class InvalidArgumentError(YgtError, ValueError):
    code = -2


class YgtIOError(YgtError, OSError):
    code = -3


class ParseError(YgtError, ValueError):
    code = -4


class ValidationError(YgtError, ValueError):
    code = -5


class NotFoundError(YgtError, LookupError):
    code = -6


class ExistsError(YgtError, ValueError):
    code = -7


class RangeError(YgtError, ValueError):
    code = -8


class YgtOverflowError(YgtError, ArithmeticError):
    code = -9


class LimitError(YgtError):
    code = -10


class StateError(YgtError):
    code = -11


class UnsupportedError(YgtError):
    code = -12


class BufferSizeError(YgtError):
    code = -13


class InternalError(YgtError):
    code = -14


class AccountsError(YgtError):
    """A result's accounts do not balance (``Year.check``)."""
    code = -15


_BY_CODE = {cls.code: cls for cls in YgtError.__subclasses__()}


def last_error(code=None):
    """The exception for this thread's last error (``ygt_error_last``)."""
    err = _error_last().contents
    code = err.code if code is None else code
    cls = _BY_CODE.get(code, YgtError)
    return cls(code, _text(err.message), _text(err.source), err.line,
               err.column, _text(err.field))


def check(rc):
    """Raise the matching exception if ``rc`` is a negative error code."""
    if rc < 0:
        raise last_error(rc)
    return rc
