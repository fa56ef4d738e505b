"""Which file a message carries, in the shape the intake and follow-up store."""

from aiogram.types import Message


def attachment_of(message: Message) -> dict[str, str] | None:
    """The file of a photo, video, voice note, document, audio or animation message."""
    if message.photo:
        biggest = message.photo[-1]
        return {
            "kind": "photo",
            "file_id": biggest.file_id,
            "file_unique_id": biggest.file_unique_id,
        }
    # A GIF comes with both an animation and a document: it is the animation.
    for kind in ("animation", "video", "voice", "document", "audio", "video_note"):
        media = getattr(message, kind)
        if media is not None:
            return {"kind": kind, "file_id": media.file_id, "file_unique_id": media.file_unique_id}
    return None
