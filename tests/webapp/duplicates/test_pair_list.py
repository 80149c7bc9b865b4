"""The duplicate finder's list comes from a background search: the page says when it was computed
(or that no search has run and offers one), shows the search's progress, and stays current
without a new search: merges and dismissals show at once, changed or deleted records are judged
again when their pair is shown."""

from datetime import datetime, timedelta, timezone

from sqlalchemy import delete, func, select

from webapp.duplicates.pair_list import KIND
from webapp.jobs import create_job
from webapp.models import Contact, DuplicateDismissal, DuplicatePair, DuplicatePairCount, Job
from webapp.scheduler import all_periodic
from tests.factories import make_contact, make_organization


def _listed(db, kind="contact") -> dict[tuple[int, int], tuple[int, list[str]]]:
    rows = db.session.execute(select(DuplicatePair).where(DuplicatePair.kind == kind)).scalars()
    return {(row.low_id, row.high_id): (row.score, row.reasons) for row in rows}


def _total_kept_right(db, kind="contact") -> bool:
    """The pager's total, kept with every change, is the number of rows."""
    total = db.session.scalar(select(DuplicatePairCount.total).where(DuplicatePairCount.kind == kind))
    return total == len(_listed(db, kind))


def _merge_link(kind, a, b) -> str:
    return f"/duplicates/{kind}/{min(a.id, b.id)}/{max(a.id, b.id)}/merge"


def _people(db):
    acme, beta = make_organization("Acme GmbH"), make_organization("Beta AG")
    people = {
        "juergen": make_contact(first_name="Jürgen", last_name="Müller", organization_id=acme.id),
        "juergen2": make_contact(first_name="Juergen", last_name="Mueller", organization_id=acme.id,
                                 mobile="030 1234567"),
        "paula": make_contact(first_name="Paula", last_name="Other", phone="+49 30 1234567", organization_id=beta.id),
        "erika": make_contact(first_name="Erika", last_name="Muster", organization_id=beta.id),
        "erika_alone": make_contact(first_name="Erika", last_name="Muster"),  # no company: the name alone hints
        "max_acme": make_contact(first_name="Max", last_name="Berg", organization_id=acme.id),
        "max_beta": make_contact(first_name="Max", last_name="Berg", organization_id=beta.id),  # two companies: two people
        "nobody": make_contact(first_name="Nobody", last_name="Alike"),
    }
    return people


def test_before_the_first_search_the_page_says_so_and_offers_one(client, login_as, db):
    login_as("marketing")
    people = _people(db)
    page = client.get("/duplicates/").get_data(as_text=True)
    assert "No search for duplicates has run yet." in page and "Search now" in page
    assert "No likely duplicates found." not in page and "/merge" not in page

    response = client.post("/duplicates/search")
    assert response.status_code == 302
    page = client.get("/duplicates/").get_data(as_text=True)
    assert "List computed" in page and "Search again" in page and "No search for duplicates" not in page
    assert _merge_link("contact", people["juergen"], people["juergen2"]) in page


def test_the_search_finds_the_pairs_the_page_showed_with_their_scores_and_reasons(app, db):
    people = _people(db)
    muller, mueller = make_organization("Müller GmbH"), make_organization("Mueller AG")
    web, web_too = (make_organization("Alpha Systems", website="https://www.alpha.example/about"),
                    make_organization("Omega Trading", website="alpha.example"))
    make_organization("Unrelated KG")
    # A number shared by many is a switchboard: it makes no pairs.
    for i in range(26):
        make_contact(first_name=f"Caller{i}", last_name=f"Zeta{i}", phone="030 999999")

    assert app.test_cli_runner().invoke(args=["scheduler", "once", KIND]).exit_code == 0

    def pair(a, b):
        return min(people[a].id, people[b].id), max(people[a].id, people[b].id)

    assert _listed(db) == {
        pair("juergen", "juergen2"): (100, ["similar_name_same_company"]),
        pair("juergen2", "paula"): (80, ["same_phone"]),
        pair("erika", "erika_alone"): (60, ["similar_name"]),
    }
    assert _listed(db, "organization") == {
        (muller.id, mueller.id): (90, ["same_name"]),
        (web.id, web_too.id): (85, ["same_website"]),
    }
    assert _total_kept_right(db) and _total_kept_right(db, "organization")
    job = db.session.scalar(select(Job).where(Job.kind == KIND))
    assert job.status == "done" and job.result["contacts"] == 3 and job.result["organizations"] == 2


def test_the_search_runs_every_night():
    periodic = next(p for p in all_periodic() if p.kind == KIND)
    trigger = periodic.trigger(None)
    first = trigger.get_next_fire_time(None, datetime(2026, 12, 1, 12, tzinfo=timezone.utc))
    assert first == datetime(2026, 12, 2, 2, tzinfo=timezone.utc)


def test_dismissal_and_merge_update_the_list_at_once(client, login_as, db):
    login_as("admin")
    people = _people(db)
    client.post("/duplicates/search")
    juergen, juergen2, paula = people["juergen"], people["juergen2"], people["paula"]
    assert len(_listed(db)) == 3

    client.post(f"/duplicates/contact/{people['erika'].id}/{people['erika_alone'].id}/dismiss")
    page = client.get("/duplicates/").get_data(as_text=True)
    assert _merge_link("contact", people["erika"], people["erika_alone"]) not in page
    assert len(_listed(db)) == 2 and _total_kept_right(db)

    response = client.post(f"/duplicates/contact/{juergen.id}/{juergen2.id}/merge",
                           data={"kept_version": juergen.version, "other_version": juergen2.version})
    assert response.status_code == 302
    assert set(_listed(db)) == {(min(juergen.id, paula.id), max(juergen.id, paula.id))}  # with the merge
    page = client.get("/duplicates/").get_data(as_text=True)
    # The merged record's pairs are gone without a new search; its pair with Paula passed to the
    # kept record, which took its mobile number, and was judged again when shown.
    assert _merge_link("contact", juergen, juergen2) not in page and _merge_link("contact", juergen2, paula) not in page
    assert _merge_link("contact", juergen, paula) in page and "same phone number" in page
    assert list(_listed(db).values()) == [(80, ["same_phone"])] and _total_kept_right(db)

    client.post(f"/duplicates/contact/{juergen.id}/{paula.id}/dismiss")
    assert "No likely duplicates found." in client.get("/duplicates/").get_data(as_text=True)


def test_a_pair_whose_record_changed_or_went_is_judged_again_when_shown(client, login_as, db):
    login_as("marketing")
    people = _people(db)
    client.post("/duplicates/search")
    juergen, juergen2, paula = people["juergen"], people["juergen2"], people["paula"]

    paula.phone = "030 7654321"  # no longer the same number
    juergen.first_name = "Jürgen Karl"  # still much alike, but less
    db.session.commit()
    db.session.execute(delete(Contact).where(Contact.id == people["erika_alone"].id))
    db.session.commit()

    page = client.get("/duplicates/").get_data(as_text=True)
    assert _merge_link("contact", juergen2, paula) not in page
    assert _merge_link("contact", people["erika"], people["erika_alone"]) not in page
    assert _merge_link("contact", juergen, juergen2) in page
    listed = _listed(db)
    assert list(listed) == [(juergen.id, juergen2.id)]
    score, reasons = listed[(juergen.id, juergen2.id)]
    assert 70 <= score < 100 and reasons == ["similar_name_same_company"] and _total_kept_right(db)


def test_the_page_shows_a_running_search_and_polls_it(client, login_as, db):
    user = login_as("admin")
    running = create_job(KIND, user.id)
    running.status, running.heartbeat_at = "running", datetime.now(timezone.utc)
    running.progress, running.message = 55, "Comparing organizations"
    db.session.commit()
    page = client.get("/duplicates/").get_data(as_text=True)
    assert f'hx-get="/duplicates/search/{running.id}' in page and 'hx-trigger="every 1s"' in page
    assert 'value="55"' in page and "Comparing organizations" in page and "Search now" not in page

    # A second click joins the running search instead of starting another.
    joined = client.post("/duplicates/search", headers={"HX-Request": "true"}).get_data(as_text=True)
    assert "<html" not in joined and 'hx-trigger="every 1s"' in joined
    assert db.session.scalar(select(func.count()).select_from(Job)) == 1

    # Once it has ended, the poll reloads the page to show the new list.
    running.status, running.finished_at = "done", datetime.now(timezone.utc)
    db.session.commit()
    status = client.get(f"/duplicates/search/{running.id}", headers={"HX-Request": "true"})
    assert status.headers.get("HX-Refresh") == "true" and "every 1s" not in status.get_data(as_text=True)


def test_a_search_that_died_with_its_process_can_be_started_again(client, login_as, db):
    user = login_as("admin")
    dead = create_job(KIND, user.id)
    dead.status, dead.heartbeat_at = "running", datetime.now(timezone.utc) - timedelta(hours=1)
    db.session.commit()
    page = client.get("/duplicates/").get_data(as_text=True)
    assert "interrupted" in page and "Search now" in page and "every 1s" not in page
    assert client.post("/duplicates/search").status_code == 302
    assert db.session.scalar(select(func.count()).select_from(Job).where(Job.status == "done")) == 1


def test_the_page_and_its_reasons_are_german_for_a_german_user(client, login_as, db):
    login_as("marketing", language="de")
    _people(db)
    assert "Noch keine Suche nach Dubletten" in client.get("/duplicates/").get_data(as_text=True)
    client.post("/duplicates/search")
    page = client.get("/duplicates/").get_data(as_text=True)
    assert "Liste berechnet" in page and "ähnlicher Name in derselben Firma" in page and "Erneut suchen" in page


def test_a_pair_dismissed_while_the_search_ran_is_not_shown(client, login_as, db):
    user = login_as("admin")
    people = _people(db)
    client.post("/duplicates/search")
    erika, alone = people["erika"], people["erika_alone"]
    # The search read the dismissals before this one was saved, and wrote the pair anyway.
    db.session.add(DuplicateDismissal(kind="contact", low_id=min(erika.id, alone.id), high_id=max(erika.id, alone.id),
                                      dismissed_by_id=user.id))
    db.session.commit()
    page = client.get("/duplicates/").get_data(as_text=True)
    assert _merge_link("contact", erika, alone) not in page and _merge_link("contact", people["juergen"],
                                                                            people["juergen2"]) in page
    assert len(_listed(db)) == 2
