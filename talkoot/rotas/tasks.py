"""Background jobs of rotas, enqueued by the scheduler (talkoot.core.scheduler.JOBS)."""

from django.tasks import task

from talkoot.rotas.services import duties_generate, duties_remind


@task
def generate_duties() -> int:
    """Create each rota's duties and their tasks up to its weeks ahead, then remind the teams on duty."""
    created = duties_generate()
    duties_remind()
    return created
