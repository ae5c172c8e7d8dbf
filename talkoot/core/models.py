from django.db import models


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


def max_length_of(model: type[models.Model], field_name: str) -> int:
    """The declared max_length of a text field, so services check the same limit as the column."""
    max_length = getattr(model._meta.get_field(field_name), "max_length", None)
    if not isinstance(max_length, int):
        raise TypeError(f"{model.__name__}.{field_name} declares no max_length")
    return max_length
