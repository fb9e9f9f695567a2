"""Session documents built from a real quarter, reopened with python-docx and compared with golden texts."""

import re
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import event
from sqlalchemy.orm.exc import StaleDataError
from sqlmodel import Session, select

from engine import files
from engine.db import transaction
from engine.documents import text_of
from engine.tenancy import Organization
from tests.document_checks import assert_described_as_written_now, assert_pages_numbered
from tests.board_quarter import (QUALIFIED_ST, Item, hold_session, make_boards, member, open_with_quorum, plan_called,
                                 quarter_of, vote_item)
from workflows.board_session import drafting, pending, room, standing
from workflows.board_session.documents import (build_acta, build_agenda, build_certification, build_convocatoria,
                                               build_resolutions_list)
from workflows.board_session.models import (AgendaDocument, AgendaItem, Attendance, AttendanceChange, AttendanceStatus,
                                            BoardSession, MinutesStatus, Resolution, ResolutionStatus, SessionKind,
                                            VoteSense)
from workflows.board_session.minutes import NotCertifiable
from workflows.board_session.record import load_session
from workflows.board_session.sessions import BoardError, items_of

BASE = "https://pleno.sesaech.example"
TIE = "Lineamientos del Sistema Estatal de Fiscalización"
TIE_TEXT = ("Se aprueban los Lineamientos del Sistema Estatal de Fiscalización y se instruye a la Dirección de "
            "Administración su publicación en el Periódico Oficial del Estado.")
DISSENT = ("Voto en contra porque los lineamientos invaden atribuciones de la Auditoría Superior del Estado; "
           "propongo devolverlos a la Comisión Ejecutiva.")


@pytest.fixture(autouse=True)
def documents_day(monkeypatch):
    """The documents are built on the Segunda Sesión Ordinaria's day: «Vencido» is derived from the day, and
    the golden texts give each acuerdo as it stood then."""
    monkeypatch.setattr(standing, "utcnow", lambda: datetime(2021, 7, 29, 18, 0, tzinfo=UTC))


@pytest.fixture
def quarter(engine, demo, juridico):
    return quarter_of(engine, demo, juridico)


@pytest.fixture
def second_session(engine, settings, demo, juridico, quarter) -> int:
    """CC Segunda Sesión Ordinaria (29 July 2021): a vocal absent, another sat by his suplente, a 3–3 tie on
    the lineamientos broken by the presidenta's casting vote, a voto particular, and 003 still in progress."""
    with transaction(engine) as db:
        cc = make_boards(db, demo)["CC"]
        third = db.exec(select(Resolution).where(Resolution.number == "003/CC/SAECH/2021")).one()
        third.area_ids, third.status = [demo.areas["DRI"].id], ResolutionStatus.IN_PROGRESS
        third.progress, third.due_on = 40, date(2021, 9, 30)
        board_session = plan_called(db, juridico, cc, SessionKind.ORDINARY, datetime(2021, 7, 29, 10, 0), [
            Item("Informe trimestral de la Secretaría Técnica"),
            Item(TIE, TIE_TEXT, area_ids=(demo.areas["DA"].id,), due=date(2021, 8, 31))])
        items = {i.title: i for i in items_of(db, board_session)}
        annex = files.store(db, settings, demo.organization.id, "anexo", "Proyecto de lineamientos",
                            "lineamientos.pdf", b"%PDF-1.4 lineamientos", created_by=juridico.user_id)
        db.add(AgendaDocument(organization_id=demo.organization.id, item_id=items[TIE].id, file_id=annex.id))
        open_with_quorum(db, juridico, board_session, {"Villatoro": "ausente", "Ruiz Zenteno": "suplente"})
        for item in items_of(db, board_session):
            if item.fixed in ("orden_del_dia", "acta_anterior"):
                vote_item(db, juridico, item)
        senses = {"Hernández Vázquez": VoteSense.FOR, "Ruiz Zenteno": VoteSense.FOR, "Gutiérrez Coello": VoteSense.FOR,
                  "Ortiz Ramírez": VoteSense.AGAINST, "Alfaro Pineda": VoteSense.AGAINST,
                  "Moreno Díaz": VoteSense.AGAINST}
        for name, sense in senses.items():
            room.cast_vote(db, juridico, items[TIE], member(db, cc, name).id, sense,
                           DISSENT if name == "Ortiz Ramírez" else "")
        room.close_vote(db, juridico, items[TIE], None)
        items["Informe trimestral de la Secretaría Técnica"].notes = (
            "El Secretario Técnico presentó el informe de actividades del segundo trimestre.\n"
            "La Presidenta solicitó que el siguiente informe incluya los indicadores de la Política Estatal.")
        items[TIE].notes = ("La Directora Jurídica expuso el proyecto de lineamientos, que se circuló con la "
                            "convocatoria.")
        room.close_session(db, juridico, board_session, None)
        board_session.opened_at = board_session.quorum_declared_at = board_session.scheduled_at
        board_session.closed_at = board_session.scheduled_at + timedelta(hours=1, minutes=35)
        return board_session.id


def certified(db, resolution: Resolution, issued_on: date) -> str:
    """The certificación's text once its session's acta is approved, as only then it may be issued."""
    db.get(BoardSession, resolution.session_id).minutes_status = MinutesStatus.APPROVED
    db.flush()
    return text_of(build_certification(db, resolution.id, BASE, issued_on=issued_on))


def golden(golden_dir, name: str) -> str:
    return (golden_dir / name).read_text(encoding="utf-8").rstrip("\n")


def without_ids(text: str) -> str:
    """Row ids differ between databases and runs; the links' shape is what the golden text keeps."""
    return re.sub(r"/sesiones/\d+/documentos/\d+", "/sesiones/{sesion}/documentos/{archivo}", text)


def signatures(text: str) -> list[tuple[str, str]]:
    """(name, capacity) under each line to sign on."""
    lines = text.splitlines()
    return [(lines[n + 1], lines[n + 2]) for n, line in enumerate(lines) if line == "_" * 40]


@pytest.mark.parametrize("short, opening, signed_by", [
    # LGSNA: the Comité Coordinador is convened by its president through the Secretario Técnico, who signs.
    ("CC", "Por instrucciones de la Mtra. Lucía Hernández Vázquez, Presidenta del Comité Coordinador, y con "
           "fundamento en las reglas de funcionamiento del Comité Coordinador, por conducto de la Secretaría Técnica "
           "se les convoca a la Primera Sesión Ordinaria del Comité Coordinador, que se celebrará",
     [("Mtro. Rafael Domínguez Solís", "Secretario Técnico de la Secretaría Ejecutiva")]),
    # The Órgano de Gobierno, by its president, who signs alone.
    ("OG", "La Mtra. Lucía Hernández Vázquez, Presidenta del Órgano de Gobierno, con fundamento en las reglas de "
           "funcionamiento del Órgano de Gobierno, les convoca a la Primera Sesión Ordinaria del Órgano de Gobierno, "
           "que se celebrará",
     [("Mtra. Lucía Hernández Vázquez", "Presidenta del Comité de Participación Ciudadana")]),
    # The Comisión Ejecutiva, by the Secretario Técnico, its member who presides it: no blank line for another.
    ("CE", "El Mtro. Rafael Domínguez Solís, Secretario Técnico, con fundamento en las reglas de funcionamiento de la "
           "Comisión Ejecutiva, les convoca a la Primera Sesión Ordinaria de la Comisión Ejecutiva, que se celebrará",
     [("Mtro. Rafael Domínguez Solís", "Secretario Técnico")]),
])
def test_each_body_is_convened_and_its_convocatoria_signed_by_whom_the_lgsna_says(engine, demo, juridico, short,
                                                                                 opening, signed_by):
    with transaction(engine) as db:
        board = make_boards(db, demo)[short]
        board_session = plan_called(db, juridico, board, SessionKind.ORDINARY, datetime(2021, 7, 29, 10, 0))
        text = text_of(build_convocatoria(db, board_session.id, BASE))
    assert opening in text
    assert signatures(text) == signed_by


def test_the_convocatoria_reads_as_the_golden_text(engine, second_session, golden_dir):
    with transaction(engine) as db:
        text = text_of(build_convocatoria(db, second_session, BASE))
    assert without_ids(text) == golden(golden_dir, "convocatoria.txt")


def test_each_session_document_is_titled_and_dated_as_written_not_as_its_cached_letterhead(
        engine, demo, second_session):
    # The letterhead package is cached per organization: each document still gets its own title and moment.
    with transaction(engine) as db:
        record = load_session(db, second_session, BASE)
        title = record.title
        for build, expected in ((build_convocatoria, f"Convocatoria a la {title}"),
                                (build_agenda, f"Orden del día de la {title}"), (build_acta, f"Acta de la {title}"),
                                (build_resolutions_list, f"Lista de acuerdos de la {title}")):
            assert_described_as_written_now(build(db, second_session, BASE), expected, demo.organization.name)


def test_each_session_document_spliced_into_the_letterhead_numbers_its_pages(engine, second_session):
    with transaction(engine) as db:
        for build in (build_convocatoria, build_agenda, build_acta, build_resolutions_list):
            assert_pages_numbered(build(db, second_session, BASE))


def test_the_orden_del_dia_lists_the_open_acuerdos_and_reads_as_the_golden_text(engine, second_session, golden_dir):
    with transaction(engine) as db:
        text = text_of(build_agenda(db, second_session, BASE))
    assert without_ids(text) == golden(golden_dir, "orden_del_dia.txt")


def test_the_acta_of_a_tie_broken_by_the_casting_vote_reads_as_the_golden_text(engine, second_session, golden_dir):
    with transaction(engine) as db:
        text = text_of(build_acta(db, second_session, BASE))
    assert text == golden(golden_dir, "acta.txt")
    assert "siendo las diez horas del día veintinueve de julio de dos mil veintiuno" in text
    assert "siendo las once horas con treinta y cinco minutos del mismo día" in text
    assert "empate resuelto con el voto de calidad de quien preside" in text
    assert f"Voto particular de la Mtra. Carmen Ortiz Ramírez: {DISSENT}" in text
    assert "ACUERDO 004/CC/SAECH/2021. " + TIE_TEXT in text


def test_the_certificacion_of_003_reads_as_the_golden_text(engine, quarter, golden_dir):
    with transaction(engine) as db:
        third = db.exec(select(Resolution).where(Resolution.number == "003/CC/SAECH/2021")).one()
        text = certified(db, third, date(2021, 5, 3))
    assert text == golden(golden_dir, "certificacion.txt")


def test_a_body_without_a_recorded_basis_certifies_with_the_general_words(engine, demo, quarter):
    with transaction(engine) as db:
        make_boards(db, demo)["CC"].certification_basis = ""
        third = db.exec(select(Resolution).where(Resolution.number == "003/CC/SAECH/2021")).one()
        text = certified(db, third, date(2021, 5, 3))
    assert ("en su carácter de Secretario Técnico del Comité Coordinador, con fundamento en las atribuciones que le "
            "confieren las disposiciones aplicables,\nC E R T I F I C A:") in text


@pytest.mark.parametrize("minutes", [MinutesStatus.NONE, MinutesStatus.DRAFT, MinutesStatus.IN_REVIEW])
def test_an_acuerdo_is_not_certified_while_its_sessions_acta_is_not_approved(engine, quarter, minutes):
    with transaction(engine) as db:
        third = db.exec(select(Resolution).where(Resolution.number == "003/CC/SAECH/2021")).one()
        db.get(BoardSession, third.session_id).minutes_status = minutes
        db.flush()
        with pytest.raises(NotCertifiable) as refused:
            build_certification(db, third.id, BASE, issued_on=date(2021, 5, 3))
    standing = {MinutesStatus.NONE: "aún no se redacta el acta", MinutesStatus.DRAFT: "el acta es todavía un proyecto",
                MinutesStatus.IN_REVIEW: "el acta está en revisión de las y los integrantes"}[minutes]
    assert str(refused.value) == (
        "Aún no puede expedirse la certificación del acuerdo 003/CC/SAECH/2021, adoptado en la Primera Sesión "
        f"Ordinaria del Comité Coordinador: {standing}. La certificación da fe de lo que asienta el acta aprobada; "
        "podrá expedirse cuando el órgano la apruebe.")


def test_an_acuerdo_is_certified_once_its_sessions_acta_is_approved_or_signed(engine, quarter):
    with transaction(engine) as db:
        third = db.exec(select(Resolution).where(Resolution.number == "003/CC/SAECH/2021")).one()
        for minutes in (MinutesStatus.APPROVED, MinutesStatus.SIGNED):
            db.get(BoardSession, third.session_id).minutes_status = minutes
            db.flush()
            text = text_of(build_certification(db, third.id, BASE, issued_on=date(2021, 5, 3)))
            assert "se aprobó el acuerdo 003/CC/SAECH/2021" in text


def test_a_convocatoria_to_one_member_is_addressed_to_her_by_name_and_position(engine, demo, second_session):
    with transaction(engine) as db:
        cc = make_boards(db, demo)["CC"]
        text = text_of(build_convocatoria(db, second_session, BASE, member_id=member(db, cc, "Ortiz Ramírez").id))
    assert "Mtra. Carmen Ortiz Ramírez\nSecretaria Anticorrupción y Buen Gobierno\nP r e s e n t e\n" in text
    assert "se le convoca a la Segunda Sesión Ordinaria del Comité Coordinador" in text
    assert "Integrantes convocados:" not in text


def test_a_suplente_receives_the_convocatoria_addressed_to_him(engine, demo, second_session):
    with transaction(engine) as db:
        cc = make_boards(db, demo)["CC"]
        text = text_of(build_convocatoria(db, second_session, BASE, member_id=member(db, cc, "Estrada Molina").id))
    assert "Lic. Daniel Estrada Molina\nSuplente de Fiscal contra la Corrupción\nP r e s e n t e\n" in text


def test_a_session_in_second_call_says_so_in_its_convocatoria_and_acta(engine, second_session):
    with transaction(engine) as db:
        db.get(BoardSession, second_session).call_number = 2
        db.flush()
        convocatoria = text_of(build_convocatoria(db, second_session, BASE))
        acta = text_of(build_acta(db, second_session, BASE))
    assert convocatoria.splitlines()[3] == "SEGUNDA CONVOCATORIA"
    assert "se les convoca en segunda convocatoria a la Segunda Sesión Ordinaria" in convocatoria
    assert "con el objeto de celebrar la Segunda Sesión Ordinaria del Comité Coordinador, en segunda convocatoria" \
        in acta
    assert "quórum legal en segunda convocatoria" in acta


def test_the_lista_de_acuerdos_gives_number_text_areas_and_status(engine, second_session):
    with transaction(engine) as db:
        text = text_of(build_resolutions_list(db, second_session, BASE))
    assert "Número | Acuerdo | Áreas responsables | Estado" in text
    assert (f"004/CC/SAECH/2021 | {TIE_TEXT} | Dirección de Administración | Pendiente; fecha compromiso: "
            "31 de agosto de 2021") in text


def test_an_acta_of_a_session_entered_after_the_fact_leaves_the_closing_hour_blank(engine, second_session):
    with transaction(engine) as db:
        db.get(BoardSession, second_session).closed_at = datetime(2026, 11, 25, 18, 0, tzinfo=UTC)
        db.flush()
        text = text_of(build_acta(db, second_session, BASE))
    assert "siendo las ______ horas del día ______________" in text
    assert "dos mil veintiséis" not in text


def test_the_documents_of_a_session_held_later_than_convened_give_the_day_it_was_held(engine, second_session):
    with transaction(engine) as db:
        board_session = db.get(BoardSession, second_session)
        # Convened for Thursday 29 July 2021 at 10:00, held on Monday 2 August at 11:00.
        board_session.opened_at = datetime(2021, 8, 2, 16, 0, tzinfo=UTC)
        board_session.closed_at = datetime(2021, 8, 2, 17, 30, tzinfo=UTC)
        db.flush()
        acta = text_of(build_acta(db, second_session, BASE))
        resolutions = text_of(build_resolutions_list(db, second_session, BASE))
        tie = db.exec(select(Resolution).where(Resolution.number == "004/CC/SAECH/2021")).one()
        certification = certified(db, tie, date(2021, 8, 9))
    assert "siendo las once horas del día dos de agosto de dos mil veintiuno" in acta
    assert "siendo las doce horas con treinta minutos del mismo día" in acta
    assert "veintinueve de julio" not in acta
    assert "Celebrada el 2 de agosto de 2021" in resolutions
    assert "celebrada el día dos de agosto de dos mil veintiuno" in certification


def test_the_record_reads_a_session_in_a_fixed_number_of_queries(engine, second_session, quarter):
    """However many items, votes and members: no query per row."""
    counts = []
    for session_id in (quarter.sessions["cc_extraordinaria_1"].id, second_session):
        statements = []
        listener = lambda *args: statements.append(args[2])  # noqa: E731
        event.listen(engine, "before_cursor_execute", listener)
        try:
            with transaction(engine) as db:
                record = load_session(db, session_id, BASE)
        finally:
            event.remove(engine, "before_cursor_execute", listener)
        counts.append(len([s for s in statements if s.lstrip().upper().startswith("SELECT")]))
    # 12, the open acuerdos' terms (whether one is vencido) and, for an extraordinary session, the sessions'
    # calendar (whether its convocatoria gave the anticipación of an ordinary one).
    assert max(counts) <= 15
    assert [v.sense for v in next(i for i in record.items if i.title == TIE).votes].count(VoteSense.AGAINST) == 3


# -- notes and observations --------------------------------------------------------------------

def test_notes_saved_with_a_stale_version_are_refused_and_nothing_changes(engine, juridico, second_session):
    with transaction(engine) as db:
        item = next(i for i in items_of(db, db.get(BoardSession, second_session)) if i.title == TIE)
        read_at = item.version
        drafting.save_notes(db, juridico, item, "Primera redacción.", read_at)
        item_id = item.id
    with transaction(engine) as db:
        with pytest.raises(BoardError, match="Otra persona modificó las notas de este punto"):
            drafting.save_notes(db, juridico, db.get(AgendaItem, item_id), "Segunda redacción.", read_at)
    with transaction(engine) as db:
        assert db.get(AgendaItem, item_id).notes == "Primera redacción."


def test_two_people_saving_notes_at_once_one_gets_a_conflict(engine, juridico, second_session):
    with transaction(engine) as db:
        item = next(i for i in items_of(db, db.get(BoardSession, second_session)) if i.title == TIE)
        item_id, version = item.id, item.version
    with Session(engine, expire_on_commit=False) as db:
        mine = db.get(AgendaItem, item_id)  # the page this person opened
        db.commit()
        with transaction(engine) as other:
            drafting.save_notes(other, juridico, other.get(AgendaItem, item_id), "La otra persona.", version)
        with pytest.raises(StaleDataError):
            drafting.save_notes(db, juridico, mine, "Yo.", version)
        db.rollback()
    with transaction(engine) as db:
        assert db.get(AgendaItem, item_id).notes == "La otra persona."


def test_notes_no_longer_change_once_the_acta_is_approved(engine, juridico, second_session):
    with transaction(engine) as db:
        board_session = db.get(BoardSession, second_session)
        board_session.minutes_status = MinutesStatus.APPROVED
        item = items_of(db, board_session)[0]
        with pytest.raises(BoardError, match="El acta ya está aprobada: sus notas ya no cambian"):
            drafting.save_notes(db, juridico, item, "Tarde.", item.version)


def test_a_member_comments_during_the_review_and_is_refused_after_it(engine, integrante, enlace_area_a,
                                                                     second_session):
    with transaction(engine) as db:
        board_session = db.get(BoardSession, second_session)
        board_session.minutes_status = MinutesStatus.IN_REVIEW
        drafting.add_comment(db, integrante, board_session, "En el punto 6 falta mi voto particular completo.")
        with pytest.raises(drafting.NotAllowedToRead):
            drafting.add_comment(db, enlace_area_a, board_session, "No soy integrante.")
        assert [(c.author, c.text) for c in drafting.comments_of(db, board_session)] == [
            ("Mtra. Carmen Ortiz Ramírez", "En el punto 6 falta mi voto particular completo.")]
        board_session.minutes_status = MinutesStatus.DRAFT
        with pytest.raises(drafting.ReviewClosed, match="El periodo de revisión del acta está cerrado"):
            drafting.add_comment(db, integrante, board_session, "Otra más.")


def test_notes_with_ampersands_angle_brackets_and_control_characters_make_a_valid_document(engine, juridico,
                                                                                          second_session):
    with transaction(engine) as db:
        item = next(i for i in items_of(db, db.get(BoardSession, second_session)) if i.title == TIE)
        drafting.save_notes(db, juridico, item, "Artículos 9 & 10 de la <Ley> \"estatal\"\x01 pegado de Word.",
                            item.version)
        text = text_of(build_acta(db, second_session, BASE))
    assert "Artículos 9 & 10 de la <Ley> \"estatal\" pegado de Word." in text


def test_the_acta_and_the_certificacion_count_one_voto_and_one_abstencion_in_the_singular(engine, demo, juridico):
    # Four of the seven seats with vote: 2 a favor, 1 en contra, 1 abstención; then 1 a favor and 3 abstenciones.
    split = {"Ortiz Ramírez": VoteSense.AGAINST, "Gutiérrez Coello": VoteSense.ABSTAIN}
    alone = {"Ortiz Ramírez": VoteSense.ABSTAIN, "Gutiérrez Coello": VoteSense.ABSTAIN,
             "Ruiz Zenteno": VoteSense.ABSTAIN}
    with transaction(engine) as db:
        cc = make_boards(db, demo)["CC"]
        board_session = hold_session(db, juridico, cc, SessionKind.ORDINARY, datetime(2021, 8, 26, 10, 0), [
            Item("Programa de capacitación", "Se aprueba el programa de capacitación.", votes=split),
            Item("Calendario de sesiones", "Se aprueba el calendario de sesiones.", votes=alone)],
            attendance={"Alfaro Pineda": "ausente", "Moreno Díaz": "ausente", "Villatoro Nájera": "ausente"})
        acta = text_of(build_acta(db, board_session.id, BASE))
        first, second = db.exec(select(Resolution).where(Resolution.session_id == board_session.id)
                                .order_by(Resolution.seq)).all()
        certification = certified(db, first, date(2021, 8, 30))
        other = certified(db, second, date(2021, 8, 30))
    assert ("Resultado: Aprobado con dos votos a favor, uno en contra y una abstención; regla aplicada: mayoría simple "
            "de votos.") in acta
    assert "Resultado: Aprobado con un voto a favor y tres abstenciones; regla aplicada" in acta
    assert "Con la asistencia de cuatro de los siete integrantes con derecho a voto (se requieren cuatro)" in acta
    assert ("con dos votos a favor, uno en contra y una abstención, conforme a la regla de mayoría simple de votos"
            in certification)
    assert "con un voto a favor y tres abstenciones, conforme a la regla de mayoría simple de votos" in other
    for text in (acta, certification, other):
        assert not re.search(r"\b\d+ (voto|votos|abstención|abstenciones|en contra)\b", text)
        assert ", en la Sala de juntas de la Secretaría Ejecutiva" in text


def test_a_unanimous_vote_of_everyone_present_reads_as_a_lawyer_signs_it_never_seven_of_the_seven(
        engine, demo, juridico):
    with transaction(engine) as db:
        og = make_boards(db, demo)["OG"]
        board_session = hold_session(db, juridico, og, SessionKind.ORDINARY, datetime(2021, 8, 26, 12, 0), [
            Item("Estados financieros", "Se aprueban los estados financieros."),
            Item("Tabulador de sueldos", "Se aprueba el tabulador de sueldos.",
                 votes={"Moreno Díaz": VoteSense.AGAINST})])
        acta = text_of(build_acta(db, board_session.id, BASE))
        unanimous, split = db.exec(select(Resolution).where(Resolution.session_id == board_session.id)
                                   .order_by(Resolution.seq)).all()
        certification = certified(db, unanimous, date(2021, 9, 1))
        other = certified(db, split, date(2021, 9, 1))
    assert ("Con la asistencia de los siete integrantes con derecho a voto (se requieren cuatro), la Mtra. Lucía "
            "Hernández Vázquez, quien preside la sesión, declaró la existencia del quórum legal") in acta
    assert ("Resultado: Aprobado por unanimidad de votos de los siete integrantes presentes con derecho a voto; regla "
            "aplicada: mayoría simple de votos.") in acta
    assert "Resultado: Aprobado con seis votos a favor y uno en contra; regla aplicada" in acta
    assert ("celebrada el día veintiséis de agosto de dos mil veintiuno, en la Sala de juntas de la Secretaría "
            "Ejecutiva, Tuxtla Gutiérrez, Chiapas, con la asistencia de los siete integrantes con derecho a voto, se "
            "aprobó el acuerdo 001/OG/SESAECH/2021 por unanimidad de votos de los siete integrantes presentes con "
            "derecho a voto, conforme a la regla de mayoría simple de votos, en los términos siguientes:") in certification
    assert "se aprobó el acuerdo 002/OG/SESAECH/2021 con seis votos a favor y uno en contra, conforme" in other
    # The Secretario Técnico certifies with the article of the LGSNA that gives him the power, on a day in words.
    assert ("El suscrito, Mtro. Rafael Domínguez Solís, Secretario Técnico de la Secretaría Ejecutiva, en su carácter de "
            "Secretario Técnico del Órgano de Gobierno, con fundamento en el artículo 35 de la Ley General del Sistema "
            "Nacional Anticorrupción,\nC E R T I F I C A:") in certification
    assert ("Se expide la presente certificación en la ciudad de Tuxtla Gutiérrez, Chiapas, el primero de septiembre de "
            "dos mil veintiuno, para los efectos legales a que haya lugar.") in certification
    for text in (acta, certification, other):
        assert not re.search(r"\b(\w+) de los \1 integrantes\b", text)


def test_a_qualified_majority_missed_by_everyone_present_voting_for_it_is_not_called_unanimous(
        engine, demo, juridico):
    with transaction(engine) as db:
        og = make_boards(db, demo)["OG"]
        board_session = hold_session(db, juridico, og, SessionKind.ORDINARY, datetime(2021, 8, 26, 12, 0), [
            Item(QUALIFIED_ST, "Se nombra Secretario Técnico al Mtro. Rafael Domínguez Solís.", matter=QUALIFIED_ST)],
            attendance={"Alfaro Pineda": "ausente", "Moreno Díaz": "ausente", "Villatoro Nájera": "ausente"})
        acta = text_of(build_acta(db, board_session.id, BASE))
    # Four of seven present, all four for it; the appointment needs five votes.
    assert ("Resultado: No aprobado con cuatro votos a favor; regla aplicada: mayoría calificada de 5 votos "
            f"({QUALIFIED_ST}).") in acta


@pytest.mark.parametrize("address, place, opening", [
    ("Tuxtla Gutiérrez, Chiapas", "Sala de juntas de la Secretaría Ejecutiva, Tuxtla Gutiérrez, Chiapas",
     "En la ciudad de Tuxtla Gutiérrez, Chiapas, siendo las diez horas del día veintiséis de noviembre de dos mil "
     "veintiuno, en la Sala de juntas de la Secretaría Ejecutiva, se reunieron"),
    ("Blvd. Belisario Domínguez 1713, Col. Xamaipak, C.P. 29060, Tuxtla Gutiérrez, Chiapas",
     "Sala de juntas, Tuxtla Gutiérrez",
     "En la ciudad de Tuxtla Gutiérrez, Chiapas, siendo las diez horas del día veintiséis de noviembre de dos mil "
     "veintiuno, en la Sala de juntas, se reunieron"),
    ("Ciudad de México, Ciudad de México", "Auditorio, Ciudad de México",
     "En la Ciudad de México, siendo las diez horas del día veintiséis de noviembre de dos mil veintiuno, en el "
     "Auditorio, se reunieron"),
    ("Av. Insurgentes Sur 3211, Coyoacán, C.P. 04530, Ciudad de México", "Sala de Plenos, Coyoacán, CDMX",
     "En la Ciudad de México, siendo las diez horas del día veintiséis de noviembre de dos mil veintiuno, en la "
     "Sala de Plenos, Coyoacán, se reunieron"),
    ("Av. 16 de Septiembre 1, Ciudad Juárez, Chihuahua", "Oficinas de enlace, Tuxtla Gutiérrez, Chiapas",
     "En Ciudad Juárez, Chihuahua, siendo las diez horas del día veintiséis de noviembre de dos mil veintiuno, en "
     "las Oficinas de enlace, Tuxtla Gutiérrez, Chiapas, se reunieron"),  # held in another city: it is said
    ("Chihuahua, Chihuahua", "Chihuahua, Chihuahua",
     "En la ciudad de Chihuahua, Chihuahua, siendo las diez horas del día veintiséis de noviembre de dos mil "
     "veintiuno, se reunieron"),
    ("", "Sala de juntas, Tuxtla Gutiérrez, Chiapas",
     "Siendo las diez horas del día veintiséis de noviembre de dos mil veintiuno, en la Sala de juntas, Tuxtla "
     "Gutiérrez, Chiapas, se reunieron"),
])
def test_the_acta_names_the_city_once_whatever_the_shape_of_the_address_and_the_place(
        engine, juridico, demo, address, place, opening):
    with transaction(engine) as db:
        db.get(Organization, demo.organization.id).address = address
        ce = make_boards(db, demo)["CE"]
        board_session = plan_called(db, juridico, ce, SessionKind.ORDINARY, datetime(2021, 11, 26, 10, 0),
                                    [Item("Informe de la Secretaría Técnica")])
        board_session.place = place
        open_with_quorum(db, juridico, board_session)
        acta = text_of(build_acta(db, board_session.id, BASE))
    first = next(line for line in acta.splitlines() if "siendo las diez horas" in line.lower())
    assert first.startswith(opening)


def _without_quorum_in_second_call(engine, juridico, demo) -> int:
    """CE (five seats with vote; segunda convocatoria with at least three): two come, in both calls."""
    with transaction(engine) as db:
        ce = make_boards(db, demo)["CE"]
        board_session = plan_called(db, juridico, ce, SessionKind.ORDINARY, datetime(2021, 11, 26, 10, 0),
                                    [Item("Informe de la Secretaría Técnica"),
                                     Item("Programa anual de trabajo", "Se aprueba el programa anual de trabajo.")])
        room.open_session(db, juridico, board_session, None)
        board_session.opened_at = board_session.scheduled_at
        for seat in room.room_seats(db, board_session):
            came = seat.member.name in ("Mtro. Rafael Domínguez Solís", "Dr. Héctor Morales Gordillo")
            room.record_attendance(db, juridico, board_session, seat.member.id,
                                   AttendanceStatus.PRESENT if came else AttendanceStatus.ABSENT, None)
        room.second_call(db, juridico, board_session, None)
        room.record_no_quorum(db, juridico, board_session, None)
        return board_session.id


def test_the_acta_of_a_session_without_quorum_records_that_it_could_not_be_held(engine, juridico, demo):
    session_id = _without_quorum_in_second_call(engine, juridico, demo)
    with transaction(engine) as db:
        acta = text_of(build_acta(db, session_id, BASE))
        lista = text_of(build_resolutions_list(db, session_id, BASE))
    assert "Mtro. Rafael Domínguez Solís, Secretario Técnico" in acta
    assert "Dr. Héctor Morales Gordillo, Integrante del Comité de Participación Ciudadana" in acta
    assert ("En primera convocatoria no se reunió el quórum legal: las reglas del órgano requieren la asistencia de "
            "tres de los cinco integrantes con derecho a voto.") in acta
    assert ("En segunda convocatoria asistieron dos de los cinco integrantes con derecho a voto, y las reglas del "
            "órgano requieren la asistencia de tres de los cinco integrantes con derecho a voto.") in acta
    assert "no pudo celebrarse" in acta
    assert ("En la ciudad de Tuxtla Gutiérrez, Chiapas, siendo las diez horas del día veintiséis de noviembre de dos "
            "mil veintiuno, en la Sala de juntas de la Secretaría Ejecutiva, fecha, hora y lugar señalados") in acta
    for held in ("ORDEN DEL DÍA", "se reunieron", "con el objeto de celebrar", "Reprograme", "Votación pendiente",
                 "Programa anual de trabajo", "No habiendo otro asunto", "se dio por concluida"):
        assert held not in acta
    assert "Celebrada" not in lista
    assert "no se celebró por falta de quórum" in lista


def test_the_acta_of_a_comision_names_its_members_de_la_comision(engine, juridico, demo):
    with transaction(engine) as db:
        ce = make_boards(db, demo)["CE"]
        board_session = plan_called(db, juridico, ce, SessionKind.ORDINARY, datetime(2021, 11, 26, 10, 0),
                                    [Item("Informe de la Secretaría Técnica")])
        open_with_quorum(db, juridico, board_session)
        acta = text_of(build_acta(db, board_session.id, BASE))
    assert "se reunieron las y los integrantes de la Comisión Ejecutiva que se enlistan" in acta
    assert "integrantes del Comisión" not in acta


def test_the_certificacion_names_who_formulated_a_voto_particular_with_the_article_of_her_title(
        engine, second_session):
    with transaction(engine) as db:
        tie = db.exec(select(Resolution).where(Resolution.number == "004/CC/SAECH/2021")).one()
        certification = certified(db, tie, date(2021, 8, 9))
    assert "Se formuló voto particular por la Mtra. Carmen Ortiz Ramírez, que consta en el acta" in certification


def test_a_suplentes_convocatoria_says_whose_suplente_he_is_and_asks_only_for_his_attendance(
        engine, demo, second_session):
    with transaction(engine) as db:
        cc = make_boards(db, demo)["CC"]
        suplente = member(db, cc, "Estrada Molina").id
        texts = [text_of(build_convocatoria(db, second_session, BASE, member_id=suplente, token=token))
                 for token in (None, "t0k3n")]
    for text in texts:
        assert ("se le convoca, en su carácter de suplente de Lic. Mario Gutiérrez Coello, Fiscal contra la "
                "Corrupción, a la Segunda Sesión Ordinaria") in text
        assert "Le solicitamos confirmar su asistencia, " in text
        assert "la de su suplente" not in text


def test_each_members_own_convocatoria_asks_for_a_suplente_only_when_the_member_has_one(engine, demo, second_session):
    with transaction(engine) as db:
        cc = make_boards(db, demo)["CC"]
        with_suplente = text_of(build_convocatoria(db, second_session, BASE, token="t0k3n",
                                                   member_id=member(db, cc, "Gutiérrez Coello").id))
        without = text_of(build_convocatoria(db, second_session, BASE, token="t0k3n",
                                             member_id=member(db, cc, "Ortiz Ramírez").id))
        to_all = text_of(build_convocatoria(db, second_session, BASE))
    assert "Le solicitamos confirmar su asistencia o, en su caso, la de su suplente, en la siguiente liga" \
        in with_suplente
    assert "Le solicitamos confirmar su asistencia, en la siguiente liga" in without
    assert "se les convoca" in to_all and "Les solicitamos confirmar su asistencia" in to_all
    assert "Le solicitamos" not in to_all


def ce_session_that_lost_its_quorum(engine, juridico, demo, monkeypatch) -> int:
    """The Comisión Ejecutiva on 26 November 2021 at 10:00: four of its five seats at the roll call, the orden
    del día voted by the four at 10:20; at 10:40 two of them withdraw (two of five, three make quorum), and
    the room closes the session at 11:00 with the programa still to be voted."""
    clock = {"now": datetime(2021, 11, 26, 16, 0, tzinfo=UTC)}  # 10:00 in Mexico City
    monkeypatch.setattr(room, "utcnow", lambda: clock["now"])
    with transaction(engine) as db:
        ce = make_boards(db, demo)["CE"]
        board_session = plan_called(db, juridico, ce, SessionKind.EXTRAORDINARY, datetime(2021, 11, 26, 10, 0),
                                    [Item("Programa anual de trabajo", "Se aprueba el programa anual de trabajo.")])
        open_with_quorum(db, juridico, board_session, {"Patricia León": "ausente"})
        clock["now"] = datetime(2021, 11, 26, 16, 20, tzinfo=UTC)
        vote_item(db, juridico, next(i for i in items_of(db, board_session) if i.fixed == "orden_del_dia"))
        clock["now"] = datetime(2021, 11, 26, 16, 40, tzinfo=UTC)
        for name in ("Silvia Aguilar", "Ricardo Pérez"):
            room.record_attendance(db, juridico, board_session, member(db, ce, name).id, AttendanceStatus.ABSENT)
        clock["now"] = datetime(2021, 11, 26, 17, 0, tzinfo=UTC)
        room.close_session(db, juridico, board_session, None)
        return board_session.id


def test_the_acta_of_a_session_that_lost_its_quorum_tells_who_withdrew_and_leaves_the_rest_pending(
        engine, juridico, demo, monkeypatch):
    session_id = ce_session_that_lost_its_quorum(engine, juridico, demo, monkeypatch)
    with transaction(engine) as db:
        acta = text_of(build_acta(db, session_id, BASE))
    start = acta.index("Estuvieron presentes:")
    attendance = acta[start:acta.index("2. Lectura", start)]
    assert attendance.splitlines()[1:6] == [
        "• Mtro. Rafael Domínguez Solís, Secretario Técnico.",
        "• Dr. Héctor Morales Gordillo, Integrante del Comité de Participación Ciudadana.",
        "• Mtra. Silvia Aguilar Toledo, Integrante del Comité de Participación Ciudadana.",
        "• Lic. Ricardo Pérez Coutiño, Integrante del Comité de Participación Ciudadana.",
        "No asistieron:"]
    assert "• Dra. Patricia León Figueroa, Integrante del Comité de Participación Ciudadana." in attendance
    assert ("Con la asistencia de cuatro de los cinco integrantes con derecho a voto (se requieren tres), el Mtro. "
            "Rafael Domínguez Solís, quien preside la sesión, declaró la existencia del quórum legal en primera "
            "convocatoria") in attendance
    assert ("• A las diez horas con cuarenta minutos, la Mtra. Silvia Aguilar Toledo se retiró de la sesión.\n"
            "• A las diez horas con cuarenta minutos, Lic. Ricardo Pérez Coutiño se retiró de la sesión. Con ello, la "
            "sesión quedó sin quórum legal: asistían dos de los cinco integrantes con derecho a voto, y se requieren "
            "tres.") in attendance
    # The vote they took part in names them; the room's instructions are nowhere in the acta.
    assert ("A favor (4): Mtro. Rafael Domínguez Solís, Dr. Héctor Morales Gordillo, Mtra. Silvia Aguilar Toledo, "
            "Lic. Ricardo Pérez Coutiño.") in acta
    for operator in ("No hay quórum", "Puede sesionar", "reprogramar", "Reprograme", "Votación pendiente"):
        assert operator not in acta
    programa = acta[acta.index("3. Programa anual de trabajo.\n", acta.index("DESARROLLO")):]
    assert programa.splitlines()[1] == ("Por haberse perdido el quórum legal, este punto no pudo votarse y queda "
                                        "pendiente para una sesión posterior.")
    assert ("Al no existir quórum legal para continuar, se dio por concluida la sesión siendo las once horas del mismo "
            "día, quedando pendiente el punto 3 del orden del día, y firmando al calce") in acta
    signatures = acta[acta.index("FIRMAS"):]
    for name in ("Mtro. Rafael Domínguez Solís", "Dr. Héctor Morales Gordillo", "Mtra. Silvia Aguilar Toledo",
                 "Lic. Ricardo Pérez Coutiño"):
        assert name in signatures
    assert "Patricia León" not in signatures


def test_the_acta_and_orden_del_dia_of_a_session_held_keep_the_seguimiento_it_heard(engine, second_session,
                                                                                     golden_dir):
    """003 was «En proceso (40 %)» when the session heard it; Jurídica then returned its compliance with a new
    fecha compromiso, and later closed it as cumplido. The documents of the session still say what it heard."""
    for change in ({"returned_on": date(2021, 8, 20), "due_on": date(2021, 10, 29), "progress": 0},
                   {"status": ResolutionStatus.DONE, "completed_on": date(2021, 9, 15), "progress": 100}):
        with transaction(engine) as db:
            third = db.exec(select(Resolution).where(Resolution.number == "003/CC/SAECH/2021")).one()
            for name, value in change.items():
                setattr(third, name, value)
        with transaction(engine) as db:
            acta = text_of(build_acta(db, second_session, BASE))
            agenda = without_ids(text_of(build_agenda(db, second_session, BASE)))
        assert acta == golden(golden_dir, "acta.txt")
        assert agenda == golden(golden_dir, "orden_del_dia.txt")
        assert ("Acuerdo 003/CC/SAECH/2021 (Primera Sesión Ordinaria): Se aprueba el Programa de Implementación de la "
                "Política Estatal Anticorrupción. — En proceso (40 %); fecha compromiso: 30 de septiembre de 2021") in acta


def cc_session_where_the_titular_takes_the_seat_from_his_suplente(engine, juridico, demo, monkeypatch) -> int:
    """The Comité Coordinador on 9 April 2021 at 10:00: the Auditor's suplente sits at the roll call and votes the
    orden del día at 10:20; the Auditor arrives at 10:45, takes his seat and votes the política at 11:00."""
    clock = {"now": datetime(2021, 4, 9, 15, 0, tzinfo=UTC)}  # 10:00 in Mexico City (summer time in 2021)
    monkeypatch.setattr(room, "utcnow", lambda: clock["now"])
    with transaction(engine) as db:
        cc = make_boards(db, demo)["CC"]
        board_session = plan_called(db, juridico, cc, SessionKind.EXTRAORDINARY, datetime(2021, 4, 9, 10, 0),
                                    [Item("Política Estatal Anticorrupción", "Se aprueba la Política Estatal.")])
        open_with_quorum(db, juridico, board_session, {"Ruiz Zenteno": "suplente"})
        agenda, policy = [i for i in items_of(db, board_session) if i.fixed == "orden_del_dia" or i.fixed is None]
        clock["now"] = datetime(2021, 4, 9, 15, 20, tzinfo=UTC)
        vote_item(db, juridico, agenda)
        clock["now"] = datetime(2021, 4, 9, 15, 45, tzinfo=UTC)
        room.record_attendance(db, juridico, board_session, member(db, cc, "Ruiz Zenteno").id,
                               AttendanceStatus.PRESENT)
        clock["now"] = datetime(2021, 4, 9, 16, 0, tzinfo=UTC)
        vote_item(db, juridico, policy)
        clock["now"] = datetime(2021, 4, 9, 16, 30, tzinfo=UTC)
        room.close_session(db, juridico, board_session, None)
        return board_session.id


SUPLENTE_SIGNS = ("Lic. Fernanda Coutiño Ramos\nEn suplencia de C.P. Alberto Ruiz Zenteno, Auditor Superior del "
                  "Estado")
TITULAR_SIGNS = "C.P. Alberto Ruiz Zenteno\nAuditor Superior del Estado"


def test_a_suplente_who_voted_before_the_titular_took_the_seat_stays_in_the_attendance_and_signs(
        engine, juridico, demo, monkeypatch):
    session_id = cc_session_where_the_titular_takes_the_seat_from_his_suplente(engine, juridico, demo, monkeypatch)
    with transaction(engine) as db:
        acta = text_of(build_acta(db, session_id, BASE))
    assert ("• Lic. Fernanda Coutiño Ramos, en suplencia de C.P. Alberto Ruiz Zenteno, Auditor Superior del "
            "Estado.") in acta
    assert ("• A las diez horas con cuarenta y cinco minutos, C.P. Alberto Ruiz Zenteno se incorporó a la sesión y "
            "ocupó su lugar, que hasta entonces ocupaba su suplente, Lic. Fernanda Coutiño Ramos.") in acta
    agenda = acta[acta.index("2. Lectura y, en su caso, aprobación del orden del día.\nA favor"):]
    assert "Lic. Fernanda Coutiño Ramos (en suplencia de C.P. Alberto Ruiz Zenteno)" in agenda.splitlines()[1]
    policy = acta[acta.index("3. Política Estatal Anticorrupción.\nA favor"):]
    assert "C.P. Alberto Ruiz Zenteno" in policy.splitlines()[1] and "Coutiño" not in policy.splitlines()[1]
    signatures = acta[acta.index("FIRMAS"):]
    assert SUPLENTE_SIGNS in signatures and TITULAR_SIGNS in signatures
    assert signatures.index(SUPLENTE_SIGNS) < signatures.index(TITULAR_SIGNS)


def test_in_a_session_recorded_before_the_room_kept_each_change_the_suplente_who_voted_still_appears_and_signs(
        engine, juridico, demo, monkeypatch):
    """Held before attendancechange: the migration left only the last word on each seat (the Auditor present) as
    its roll call; the suplente's vote is what tells she took part."""
    session_id = cc_session_where_the_titular_takes_the_seat_from_his_suplente(engine, juridico, demo, monkeypatch)
    with transaction(engine) as db:
        for change in db.exec(select(AttendanceChange).where(AttendanceChange.session_id == session_id)).all():
            db.delete(change)
        db.flush()
        for row in db.exec(select(Attendance).where(Attendance.session_id == session_id)).all():
            db.add(AttendanceChange(organization_id=row.organization_id, session_id=session_id,
                                    member_id=row.member_id, status=row.status, substitute_id=row.substitute_id,
                                    roll_call=True, recorded_at=row.recorded_at))
    with transaction(engine) as db:
        acta = text_of(build_acta(db, session_id, BASE))
    assert "• C.P. Alberto Ruiz Zenteno, Auditor Superior del Estado." in acta
    assert ("• Lic. Fernanda Coutiño Ramos, en suplencia de C.P. Alberto Ruiz Zenteno, participó en parte de la "
            "sesión.") in acta
    signatures = acta[acta.index("FIRMAS"):]
    assert SUPLENTE_SIGNS in signatures and TITULAR_SIGNS in signatures


def test_the_acta_of_a_session_without_quorum_is_no_draft_and_gives_the_hour_convened_and_the_roll_calls(
        engine, juridico, demo, monkeypatch):
    """The Comité de Transparencia (three seats) convened for 9:00; the roll is called at 9:51 and only its
    presidenta came, in both calls."""
    monkeypatch.setattr(room, "utcnow", lambda: datetime(2021, 11, 26, 15, 51, tzinfo=UTC))  # 9:51 in Mexico City
    with transaction(engine) as db:
        ct = make_boards(db, demo)["CT"]
        board_session = plan_called(db, juridico, ct, SessionKind.ORDINARY, datetime(2021, 11, 26, 9, 0))
        room.open_session(db, juridico, board_session, None)
        for seat in room.room_seats(db, board_session):
            came = seat.member.name == "Lic. Ana María Gómez Ruiz"
            room.record_attendance(db, juridico, board_session, seat.member.id,
                                   AttendanceStatus.PRESENT if came else AttendanceStatus.ABSENT)
        room.second_call(db, juridico, board_session, None)
        room.record_no_quorum(db, juridico, board_session, None)
        session_id = board_session.id
    with transaction(engine) as db:
        acta = text_of(build_acta(db, session_id, BASE))
    assert "Proyecto de acta" not in acta and "revisión" not in acta
    assert ("En la ciudad de Tuxtla Gutiérrez, Chiapas, siendo las nueve horas con cincuenta y un minutos del día "
            "veintiséis de noviembre de dos mil veintiuno, en la Sala de juntas de la Secretaría Ejecutiva, lugar "
            "señalado en la convocatoria para celebrar la Primera Sesión Ordinaria del Comité de Transparencia, "
            "convocada para las nueve horas de ese mismo día, la Secretaría Técnica pasó lista de asistencia de las y "
            "los integrantes del Comité de Transparencia. Estuvo presente:") in acta
    assert "fecha, hora y lugar señalados" not in acta
    assert ("En segunda convocatoria asistió uno de los tres integrantes con derecho a voto, y las reglas del órgano "
            "requieren la asistencia de dos de los tres integrantes con derecho a voto.") in acta


def test_the_acta_says_the_body_agreed_to_defer_an_item_with_its_reason_and_no_vote(engine, juridico, demo):
    deferred_title = "Lineamientos de la Plataforma Digital Estatal"
    with transaction(engine) as db:
        cc = make_boards(db, demo)["CC"]
        board_session = plan_called(db, juridico, cc, SessionKind.ORDINARY, datetime(2021, 8, 26, 10, 0), [
            Item(deferred_title, "Se aprueban los Lineamientos de la Plataforma Digital Estatal."),
            Item("Programa de capacitación", "Se aprueba el programa de capacitación.")])
        open_with_quorum(db, juridico, board_session)
        items = {i.title: i for i in items_of(db, board_session)}
        pending.defer_item(db, juridico, items[deferred_title], "Las áreas no han enviado sus observaciones.\n"
                                                                "Se revisarán en la próxima sesión.", None)
        for item in items_of(db, board_session):
            if item.fixed in ("orden_del_dia", "acta_anterior") or item.title == "Programa de capacitación":
                vote_item(db, juridico, item)
        room.close_session(db, juridico, board_session, None)
        acta = text_of(build_acta(db, board_session.id, BASE))
        numbers = db.exec(select(Resolution.number).where(Resolution.session_id == board_session.id)).all()
    development = acta[acta.index("DESARROLLO"):]
    section = development[development.index(f"4. {deferred_title}."):development.index("5. Programa")]
    assert section.strip().splitlines()[1:] == [
        "Se acordó diferir su desahogo para una sesión posterior.",
        "Motivo: Las áreas no han enviado sus observaciones. Se revisarán en la próxima sesión."]
    # Neither a count nor an acuerdo: the next acuerdo takes the first number of the year.
    assert numbers == ["001/CC/SAECH/2021"]
    assert "No habiendo otro asunto que tratar, se dio por concluida la sesión" in acta
    assert "quedando pendiente" not in acta
