"""Querysets compiled once (talkoot.core.compiled): the same rows as the ORM gives, every time."""

import threading
from datetime import timedelta

import pytest
from django.db import IntegrityError, connection, transaction
from django.db.models import BooleanField, Exists, F, OuterRef, Value
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from talkoot.communities.models import Community, Membership
from talkoot.communities.tests.factories import CommunityFactory, MembershipFactory
from talkoot.core.compiled import CompiledQuery, CompiledUpdate
from talkoot.members.models import Member
from talkoot.members.tests.factories import MemberFactory

pytestmark = pytest.mark.django_db


def with_membership(*, slug: str, viewer_id: int | None):
    communities = Community.objects.filter(slug=slug)
    if viewer_id is None:
        return communities.annotate(viewer_is_member=Value(False, output_field=BooleanField()))
    here = Exists(Membership.objects.filter(community=OuterRef("pk"), member_id=viewer_id, left_at__isnull=True))
    return communities.annotate(viewer_is_member=here)


def fields_of(rows) -> list[dict]:
    return [
        {**{f.attname: getattr(row, f.attname) for f in type(row)._meta.concrete_fields}, "is": row.viewer_is_member}
        for row in rows
    ]


def test_instances_and_annotations_are_those_the_orm_makes_for_each_call_s_values():
    member, other = MemberFactory(), MemberFactory()
    first = CommunityFactory(slug="first")
    CommunityFactory(slug="second")
    MembershipFactory(community=first, member=member)
    query = CompiledQuery(with_membership)
    for slug in ("first", "second", "nowhere"):
        for viewer in (member, other, None):
            viewer_id = viewer.pk if viewer else None
            compiled = query(slug=slug, viewer_id=viewer_id)
            assert fields_of(compiled) == fields_of(with_membership(slug=slug, viewer_id=viewer_id))
            assert all(not row._state.adding and row._state.db == "default" for row in compiled)
    assert query(slug="first", viewer_id=member.pk)[0].viewer_is_member is True
    assert query(slug="second", viewer_id=member.pk)[0].viewer_is_member is False


def test_it_builds_and_compiles_once_then_runs_one_query_per_call():
    CommunityFactory(slug="here")
    built = []

    def build(*, slug):
        built.append(slug)
        return Community.objects.filter(slug=slug)

    query = CompiledQuery(build)
    assert [c.slug for c in query(slug="here")] == ["here"]
    assert len(built) == 2  # two rounds of stand-ins, never the call's own value
    assert "here" not in built
    with CaptureQueriesContext(connection) as queries:
        assert query(slug="nowhere") == []
        assert [c.slug for c in query(slug="here")] == ["here"]
    assert len(built) == 2 and len(queries) == 2


def test_shape_arguments_none_and_booleans_each_compile_their_own_sql():
    for n in range(5):
        MemberFactory(display_name=f"Member {n}")
    query = CompiledQuery(
        lambda *, limit, active, email: Member.objects.filter(is_active=active, email__isnull=email is None).order_by(
            "pk"
        )[:limit],
        shape=["limit"],
    )
    assert len(query(limit=2, active=True, email=None)) == 0
    assert len(query(limit=2, active=True, email="x")) == 2
    assert len(query(limit=4, active=True, email="x")) == 4
    assert len(query(limit=4, active=False, email="x")) == 0


def test_values_rows_are_the_dicts_of_values():
    member = MemberFactory(display_name="Aino")
    query = CompiledQuery(lambda *, pk: Member.objects.filter(pk=pk).values("id", "display_name", "date_joined"))
    assert query(pk=member.pk) == list(Member.objects.filter(pk=member.pk).values("id", "display_name", "date_joined"))


def test_a_value_that_does_not_come_through_verbatim_falls_back_to_the_orm():
    MemberFactory(display_name="Aino Virtanen")
    MemberFactory(display_name="Eino Laine")
    query = CompiledQuery(lambda *, part: Member.objects.filter(display_name__icontains=part).order_by("pk"))
    assert [m.display_name for m in query(part="virta")] == ["Aino Virtanen"]
    assert [m.display_name for m in query(part="LAINE")] == ["Eino Laine"]
    assert list(query._plans().values()) == [None]  # `%virta%` is not the value: built every time


def test_a_build_that_reads_the_clock_itself_is_never_frozen():
    member = MemberFactory()
    query = CompiledQuery(lambda *, pk: Member.objects.filter(pk=pk, date_joined__lte=timezone.now()))
    assert [m.pk for m in query(pk=member.pk)] == [member.pk]
    assert list(query._plans().values()) == [None]
    Member.objects.filter(pk=member.pk).update(date_joined=timezone.now() + timedelta(seconds=0.2))
    assert query(pk=member.pk) == []


def test_datetimes_are_bound_as_parameters_where_the_backend_passes_them_through():
    early = MemberFactory(date_joined=timezone.now() - timedelta(days=3))
    MemberFactory(date_joined=timezone.now())
    query = CompiledQuery(lambda *, before: Member.objects.filter(date_joined__lt=before).order_by("pk"))
    assert [m.pk for m in query(before=timezone.now() - timedelta(days=1))] == [early.pk]
    assert query(before=timezone.now() - timedelta(days=5)) == []
    plans = list(query._plans().values())
    # PostgreSQL takes the datetime itself; SQLite binds it as text, so there it is built every time.
    assert (plans[0] is not None) == (connection.vendor == "postgresql")


def test_select_related_brings_the_related_rows_as_the_orm_does():
    membership = MembershipFactory()
    query = CompiledQuery(
        lambda *, pk: Membership.objects.select_related("member", "community__created_by").filter(member_id=pk)
    )
    with CaptureQueriesContext(connection) as queries:
        (read,) = query(pk=membership.member_id)
        assert read.member.email == membership.member.email
        assert read.community.created_by.display_name == membership.community.created_by.display_name
    assert len(queries) == 1


def test_prefetching_is_refused_when_compiled():
    member = MemberFactory()
    query = CompiledQuery(lambda *, pk: Membership.objects.prefetch_related("member").filter(member_id=pk))
    with pytest.raises(TypeError, match="prefetch_related"):
        query(pk=member.pk)


def test_a_number_beyond_64_bits_finds_nothing_as_the_orm_says():
    MemberFactory()
    query = CompiledQuery(lambda *, pk: Member.objects.filter(pk=pk))
    assert query(pk=2**70) == [] and query(pk=-(2**70)) == []


@pytest.mark.django_db(transaction=True)
def test_each_thread_compiles_and_runs_on_its_own_connection():
    CommunityFactory(slug="shared")
    query = CompiledQuery(lambda *, slug: Community.objects.filter(slug=slug))
    assert len(query(slug="shared")) == 1
    seen = []

    def in_another_thread():
        try:
            seen.append(len(query(slug="shared")))
        finally:
            connection.close()

    thread = threading.Thread(target=in_another_thread)
    thread.start()
    thread.join()
    assert seen == [1]


def slots_of(*, community_id: int, now):
    """Stand-in for a claim's conditional update: one more on a row still under a bound."""
    rows = Community.objects.filter(pk=community_id, work_version__lt=3, created_at__lt=now)
    return rows, {"work_version": F("work_version") + 1}


def test_an_update_changes_the_rows_the_orm_would_and_says_how_many():
    first, second = CommunityFactory(), CommunityFactory()
    update = CompiledUpdate(slots_of)
    later = timezone.now() + timedelta(minutes=1)
    assert [update(community_id=first.pk, now=later) for _ in range(4)] == [1, 1, 1, 0]
    assert update(community_id=second.pk, now=timezone.now() - timedelta(days=1)) == 0
    assert update(community_id=10**30, now=later) == 0  # beyond 64 bits: the ORM's way, no match
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.work_version, second.work_version) == (3, 0)


def test_an_update_is_compiled_once_where_its_values_come_through_verbatim():
    community = CommunityFactory()
    built = []

    def build(*, community_id):
        built.append(community_id)
        return Community.objects.filter(pk=community_id), {"work_version": F("work_version") + 1}

    update = CompiledUpdate(build)
    with CaptureQueriesContext(connection) as queries:
        for _ in range(3):
            assert update(community_id=community.pk) == 1
    assert len(built) == 2 and community.pk not in built and len(queries) == 3
    assert queries[0]["sql"].startswith('UPDATE "communities_community"')


def test_an_update_that_fails_marks_its_transaction_for_rollback():
    community = CommunityFactory()
    update = CompiledUpdate(lambda *, community_id: (Community.objects.filter(pk=community_id), {"slug": None}))
    with pytest.raises(IntegrityError), transaction.atomic():
        update(community_id=community.pk)
        pytest.fail("the failing update raises")  # pragma: no cover
    community.refresh_from_db()
    assert community.slug


def test_an_ordered_update_is_refused():
    update = CompiledUpdate(lambda *, pk: (Community.objects.filter(pk=pk).order_by("pk"), {"work_version": 1}))
    with pytest.raises(TypeError, match="plain update"):
        update(pk=1)
