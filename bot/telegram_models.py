"""aiogram objects built from values Dadres made itself, without pydantic checking them again.

Building a button through aiogram costs about 13 µs, most of it pydantic setting up each
object's private `_bot` through four nested post-init wrappers (one per class between the
button and pydantic's BaseModel); a reply with a category keyboard took 150 µs before it was
queued. Here the object's dict is filled from defaults worked out once per class, exactly as
`model_construct` would leave it, in about a tenth of the time. Only for values we wrote
(keyboards, replies, calls read back from the outbox): what Telegram sends is validated."""

from functools import cache
from typing import Any

from aiogram.client.default import Default
from pydantic import BaseModel

_SHAREABLE = (type(None), bool, int, float, str, Default)


def built[M: BaseModel](cls: type[M], /, **fields: Any) -> M:
    """What `cls.model_construct(**fields)` gives, without its per-field work."""
    plan = _plan(cls)
    if plan is None:
        return cls.model_construct(**fields)
    defaults, private, extra = plan
    model = cls.__new__(cls)
    object.__setattr__(model, "__dict__", defaults | fields)
    object.__setattr__(model, "__pydantic_fields_set__", set(fields))
    object.__setattr__(model, "__pydantic_extra__", {} if extra else None)
    if private is None:
        object.__setattr__(model, "__pydantic_private__", None)
        if cls.__pydantic_post_init__:
            model.model_post_init(None)
    else:
        object.__setattr__(model, "__pydantic_private__", dict(private))
    return model


@cache
def _plan(cls: type[BaseModel]) -> tuple[dict[str, Any], dict[str, Any] | None, bool] | None:
    """The optional fields' defaults, when they can be shared between objects (immutable, no
    factories, no aliases), the private attributes a bare aiogram object starts with (None:
    let its post-init make them), and whether it keeps extra fields. None when
    model_construct must do it all."""
    defaults: dict[str, Any] = {}
    for name, field in cls.__pydantic_fields__.items():
        if field.alias not in (None, name) or field.validation_alias is not None:
            return None
        if field.is_required():
            continue
        if field.default_factory is not None or not isinstance(field.default, _SHAREABLE):
            return None
        defaults[name] = field.default
    private: dict[str, Any] | None = None
    if set(cls.__private_attributes__) == {"_bot"} and _binds_only_the_bot(cls):
        private = {"_bot": None}
    return defaults, private, cls.model_config.get("extra") == "allow"


def _binds_only_the_bot(cls: type[BaseModel]) -> bool:
    """Its post-init is aiogram's, which only sets `_bot` (to None without a context)."""
    from aiogram.client.context_controller import BotContextController

    return _innermost(cls.model_post_init) is _innermost(BotContextController.model_post_init)


def _innermost(function: Any) -> Any:
    """Under pydantic's post-init wrappers (functools.wraps), the function they wrap."""
    while hasattr(function, "__wrapped__"):
        function = function.__wrapped__
    return function
