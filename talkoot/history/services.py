from talkoot.history.models import HistoryEntry


def history_record(*, community, kind: str, actor, subject=None, detail: dict | None = None) -> HistoryEntry:
    """Write one History row. Call inside the transaction that makes the change."""
    return HistoryEntry.objects.create(
        community=community, kind=kind, actor=actor, subject=subject, detail=detail or {}
    )
