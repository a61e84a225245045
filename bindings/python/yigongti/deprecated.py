"""Old names kept as aliases of their replacements (doc/deprecation.md): each
call warns once per place with DeprecationWarning naming the replacement."""
import functools
import warnings


def alias(replacement, old_name):
    """A method named ``old_name`` that calls ``replacement`` and warns."""
    @functools.wraps(replacement)
    def old(*args, **kwargs):
        warnings.warn("%s() is deprecated: use %s()" % (old_name, replacement.__name__),
                      DeprecationWarning, stacklevel=2)
        return replacement(*args, **kwargs)
    old.__name__ = old_name
    old.__doc__ = "Deprecated alias of :meth:`%s` (doc/deprecation.md)." % replacement.__name__
    return old


def kind_alias(replacement, old_name, kind):
    """A method named ``old_name`` that calls ``replacement(kind=kind)`` and warns."""
    @functools.wraps(replacement)
    def old(self):
        warnings.warn("%s() is deprecated: use %s(%r)" % (old_name, replacement.__name__, kind),
                      DeprecationWarning, stacklevel=2)
        return replacement(self, kind)
    old.__name__ = old_name
    old.__doc__ = "Deprecated: :meth:`%s` with kind %r (doc/deprecation.md)." % (replacement.__name__, kind)
    return old
