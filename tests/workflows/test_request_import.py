"""Bulk import of requests from a PNT export: CSV and XLSX, the row-by-row report, idempotency.

Worked example of a response term (LGTAIP 2015 art. 132, 20 días hábiles, LFT holidays only —
the demo declares días inhábiles for this year and the next, not for 2024): a request received on
Monday 4 March 2024 counts from Tuesday 5 March; 18 March is the third Monday of March, so the
twentieth día hábil is Tuesday 2 April 2024.
"""

import io
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from openpyxl import Workbook
from sqlmodel import select

from engine.db import reading, transaction
from engine.deadlines import Deadline, DeadlineKind, DeadlineStatus
from engine.folios import next_folio
from engine.processes import OpenTask, ProcessInstance
from engine.tenancy import Area, Organization
from workflows.access_request import importing, pnt_export
from workflows.access_request.importing import begin_import, reserve_folios, run_import, start_import
from workflows.access_request.models import (ARCO_SENSE_LABELS, AgeRange, AnswerSense, ArcoRight, ImportStatus,
                                             RequestChannel, RequestImport, RequestKind, RequestStatus, RequestTurn,
                                             RequestTurnStatus, Sex, TransparencyRequest)
from workflows.access_request.pnt_export import (ExportRejected, age_range_of, channel_of, moment_of, read_export,
                                                 sense_of)
from workflows.access_request.statistics import Period, by_area

MX = ZoneInfo("America/Mexico_City")
# When the tests import: Friday 20 November 2026 at 20:05 in the office.
NOW = datetime(2026, 11, 20, 20, 5, tzinfo=MX)
HEADER = ["Folio", "Fecha de recepción", "Tipo de solicitud", "Medio de entrada", "Descripción de la solicitud",
          "Tema", "Sexo", "Edad", "Ocupación", "Estado", "Respuesta", "Fecha de respuesta",
          "Derecho", "Titular", "Documento de identidad"]
ANSWERED = [
    ["330024624000101", "04/03/2024", "Acceso a la información", "Plataforma Nacional de Transparencia",
     "Copia de los contratos de obra pública de 2023", "Obra pública", "Mujer", "34", "Académica",
     "Chiapas", "Entrega de información en medio electrónico", "01/04/2024"],
    ["330024624000102", "2024-03-05 19:30", "acceso", "Correo electrónico",
     "Sueldo del titular y de los directores de área", "Sueldos", "Masculino", "60 o más", "Periodista",
     "Oaxaca", "Negativa por ser reservada o confidencial", "2024-04-20"],
    ["330024625000050", "02/06/2025", "Datos personales (ARCO)", "PNT", "Acceso a mi expediente laboral", "",
     "", "", "", "", "Entrega parcial", "20/06/2025", "Derecho de acceso", "Laura Gómez Ruiz", "Credencial para votar"],
]


def csv_bytes(rows, delimiter=",", encoding="utf-8", header=HEADER) -> bytes:
    lines = [header] + rows
    quoted = [delimiter.join(f'"{value}"' if delimiter in value else value for value in line) for line in lines]
    return ("\r\n".join(quoted) + "\r\n").encode(encoding)


def xlsx_bytes(rows, title: str | None = None) -> bytes:
    book = Workbook()
    sheet = book.active
    if title:
        sheet.append([title])
    sheet.append(HEADER)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def run(engine, actor, filename, content, now=NOW):
    export = read_export(filename, content)
    with transaction(engine) as session:
        import_id = begin_import(session, actor, filename).id
    run_import(engine, actor, import_id, export, now=now)
    with reading(engine) as session:
        return session.get(RequestImport, import_id)


def requests_by_pnt(engine) -> dict[str, TransparencyRequest]:
    with reading(engine) as session:
        return {r.pnt_folio: r for r in session.exec(select(TransparencyRequest).order_by(TransparencyRequest.id))}


def test_a_csv_export_in_windows_1252_with_semicolons_imports_answered_requests(engine, transparencia):
    done = run(engine, transparencia, "pnt.csv", csv_bytes(ANSWERED, delimiter=";", encoding="cp1252"))
    assert (done.status, done.total_rows, done.processed_rows, done.created_rows, done.skipped_rows, done.errors) == (
        ImportStatus.DONE, 3, 3, 3, 0, [])
    by_pnt = requests_by_pnt(engine)
    first, second, arco = by_pnt["330024624000101"], by_pnt["330024624000102"], by_pnt["330024625000050"]
    assert (first.kind, first.channel, first.status, first.answer_sense, first.answered_on) == (
        RequestKind.ACCESO, RequestChannel.PNT, RequestStatus.ANSWERED, AnswerSense.ENTREGA_TOTAL, date(2024, 4, 1))
    assert (first.description, first.topic, first.sex, first.age_range, first.occupation, first.state) == (
        "Copia de los contratos de obra pública de 2023", "Obra pública", Sex.MUJER, AgeRange.DE_30_44,
        "Académica", "Chiapas")
    assert first.received_at == datetime(2024, 3, 4, 8, 0, tzinfo=MX)  # the office opens
    assert (second.channel, second.sex, second.age_range, second.answer_sense) == (
        RequestChannel.CORREO, Sex.HOMBRE, AgeRange.DE_60, AnswerSense.RESERVADA)
    assert (arco.kind, arco.rule_set_code, arco.answer_sense) == (RequestKind.ARCO, "MX-LGPDPPSO",
                                                                  AnswerSense.ENTREGA_PARCIAL)
    # Folios follow the date of receipt, per kind and year, on the series registration uses.
    assert [first.folio, second.folio, arco.folio] == ["SAI-2024-00001", "SAI-2024-00002", "ARCO-2025-00001"]
    # A request of 2024 was answered under the 2015 law; the 2025 law took effect on 21 March 2025.
    assert first.rule_set_code == "MX-LGTAIP-2015"


def test_each_entidad_is_stored_under_one_name_however_the_export_wrote_it(engine, transparencia):
    written = ["Veracruz de Ignacio de la Llave", "CDMX", "Texas"]
    rows = [[*row[:9], entidad, *row[10:]] for row, entidad in zip(ANSWERED, written)]
    run(engine, transparencia, "pnt.csv", csv_bytes(rows))
    by_pnt = requests_by_pnt(engine)
    # What names no entity (a requester abroad wrote their state) is kept as it came.
    assert [by_pnt[row[0]].state for row in ANSWERED] == ["Veracruz", "Ciudad de México", "Texas"]


def test_a_csv_with_a_title_above_the_header_and_commas_in_the_descriptions_imports(engine, transparencia):
    content = ("Solicitudes recibidas del 1 de enero al 31 de diciembre de 2024\r\n\r\n"
               "Folio\tFecha de recepción\tDescripción\tRespuesta\tFecha de respuesta\r\n"
               "330024624000101\t04/03/2024\tContratos, convenios y anexos de 2023\tEntrega total\t01/04/2024\r\n"
               ).encode()
    done = run(engine, transparencia, "pnt.csv", content)
    assert (done.created_rows, done.errors) == (1, [])
    assert requests_by_pnt(engine)["330024624000101"].description == "Contratos, convenios y anexos de 2023"


def test_each_imported_request_has_a_met_response_deadline_computed_with_the_calendar(engine, transparencia):
    run(engine, transparencia, "pnt.csv", csv_bytes(ANSWERED))
    by_pnt = requests_by_pnt(engine)
    with reading(engine) as session:
        first = session.get(Deadline, by_pnt["330024624000101"].response_deadline_id)
        late = session.get(Deadline, by_pnt["330024624000102"].response_deadline_id)
    assert (first.kind, first.status, first.subject_type, first.subject_id, first.rule_key, first.days) == (
        DeadlineKind.RESPUESTA, DeadlineStatus.MET, "solicitud", "SAI-2024-00001", "respuesta", 20)
    assert (first.starts_after, first.counted_from, first.due_on) == (date(2024, 3, 4), date(2024, 3, 5),
                                                                      date(2024, 4, 2))
    assert first.basis == "LGTAIP 2015, art. 132" and not first.met_late
    assert first.due_at == datetime(2024, 4, 2, 18, 0, tzinfo=MX)
    # Received on Tuesday 5 March after 18:00: it counts from Wednesday 6; answered 20 April, late.
    assert (late.starts_after, late.due_on) == (date(2024, 3, 6), date(2024, 4, 4))
    assert late.met_at == datetime(2024, 4, 20, 12, 0, tzinfo=MX)
    assert late.met_late


def test_an_imported_answer_pointing_to_published_information_is_measured_against_its_five_days(
        engine, transparencia):
    row = ["330024625000077", "02/06/2025", "Acceso a la información", "PNT", "Informe anual de actividades 2024",
           "", "", "", "", "", "La información se encuentra disponible públicamente", "16/06/2025"]
    run(engine, transparencia, "pnt.csv", csv_bytes([row]))
    request = requests_by_pnt(engine)["330024625000077"]
    with reading(engine) as session:
        response = session.get(Deadline, request.response_deadline_id)
    assert request.answer_sense == AnswerSense.PUBLICA
    # LGTAIP 2025 art. 132: 5 días hábiles from Tuesday 3 June 2025, due Monday 9 June; answered on the
    # 16th, eleven days later: late, though within the 20 days of an ordinary answer.
    assert (response.rule_key, response.days, response.basis) == ("informacion_publica", 5, "LGTAIP 2025, art. 132")
    assert (response.counted_from, response.due_on, response.met_late) == (date(2025, 6, 3), date(2025, 6, 9), True)


def test_an_xlsx_export_with_a_title_row_dates_and_numeric_folios_imports(engine, transparencia):
    rows = [[330024624000101, datetime(2024, 3, 4, 9, 15), "acceso", "Sistema de solicitudes de información",
             "Copia de los contratos de obra pública de 2023", "Obra", "F", 27, "", "", "Entrega total",
             date(2024, 3, 20)]]
    done = run(engine, transparencia, "Exportación PNT.xlsx", xlsx_bytes(rows, title="Solicitudes recibidas 2024"))
    assert (done.status, done.created_rows, done.errors) == (ImportStatus.DONE, 1, [])
    request = requests_by_pnt(engine)["330024624000101"]
    assert request.received_at == datetime(2024, 3, 4, 9, 15, tzinfo=MX)
    assert (request.sex, request.age_range, request.answered_on) == (Sex.MUJER, AgeRange.DE_18_29, date(2024, 3, 20))


def test_bad_rows_are_reported_with_their_row_number_and_the_good_ones_imported(engine, transparencia):
    rows = [ANSWERED[0],
            ["", "04/03/2024", "", "", "Sin folio", "", "", "", "", "", "Entrega total", "05/03/2024"],
            ["330024624000103", "31/02/2024", "", "", "Fecha imposible", "", "", "", "", "", "", ""],
            ["330024624000104", "04/03/2024", "consulta", "fax", "", "", "Quizá", "", "", "", "Entrega total",
             "01/03/2024"],
            ["330024624000105", "04/03/2024", "", "", "Con sentido y sin fecha", "", "", "", "", "", "Inexistencia",
             ""],
            ["330024624000106", "04/12/2026", "", "", "Del futuro", "", "", "", "", "", "", ""],
            ["330024624000107", "04/03/2024", "", "", "Con fecha y sin sentido", "", "", "", "", "", "",
             "15/03/2024"],
            ["330024624000108", "04/03/2024", "", "", "Con fecha y aún en proceso", "", "", "", "", "",
             "En proceso", "15/03/2024"],
            ANSWERED[1]]
    done = run(engine, transparencia, "pnt.csv", csv_bytes(rows))
    assert (done.status, done.processed_rows, done.created_rows, done.skipped_rows) == (ImportStatus.DONE, 9, 2, 7)
    report = {problem["fila"]: problem["error"] for problem in done.errors}
    assert sorted(report) == [3, 4, 5, 6, 7, 8, 9]  # the header is row 1
    assert report[3] == "Falta el folio de la PNT."
    assert report[4] == "La fecha de recepción «31/02/2024» no es válida; use DD/MM/AAAA o AAAA-MM-DD."
    assert report[5] == ("La fecha de respuesta es anterior a la de recepción. Falta la descripción de la solicitud. "
                         "El tipo «consulta» no es válido; use acceso o arco. El medio «fax» no es válido; use PNT, "
                         "correo, presencial, oficialía o postal. El sexo «Quizá» no es válido; use mujer, hombre, "
                         "otro o déjelo vacío.")
    assert report[6] == "Tiene sentido de respuesta pero no fecha de respuesta."
    assert report[7] == "La fecha de recepción no puede ser posterior a hoy."
    # Counted as answered under no sense, the quarterly report's senses would not add up to its answers.
    assert report[8] == report[9] == ("Tiene fecha de respuesta pero no el sentido de la respuesta "
                                      "(columna Respuesta).")
    assert set(requests_by_pnt(engine)) == {"330024624000101", "330024624000102"}



@pytest.mark.parametrize("answer_sense,answered_on", [("", ""), ("Entrega total", "20/11/2026")])
def test_a_row_received_today_at_an_hour_still_to_come_is_refused_as_the_registration_form_refuses_it(
        engine, transparencia, answer_sense, answered_on):
    # At 20:05, a reception at 23:30 today has not happened yet: open or answered, the row is refused.
    later_today = ["330024626000301", "20/11/2026 23:30", "acceso", "PNT", "Padrón de proveedores vigente", "", "",
                   "", "", "", answer_sense, answered_on]
    done = run(engine, transparencia, "pnt.csv", csv_bytes([later_today]))
    assert done.errors == [{"fila": 2, "folio": "330024626000301", "error": (
        "La hora de recepción (23:30) no puede ser posterior a este momento (son las 20:05).")}]
    assert requests_by_pnt(engine) == {}


def test_a_row_received_today_before_this_moment_imports(engine, transparencia):
    earlier_today = ["330024626000302", "20/11/2026 19:30", "acceso", "PNT", "Padrón de proveedores vigente", "",
                     "", "", "", "", "", ""]
    assert run(engine, transparencia, "pnt.csv", csv_bytes([earlier_today])).errors == []
    assert requests_by_pnt(engine)["330024626000302"].received_at == datetime(2026, 11, 20, 19, 30, tzinfo=MX)


def test_an_open_row_of_today_without_its_hour_imported_before_the_office_opens_counts_as_received_by_now(
        engine, transparencia):
    # A date alone counts from the opening (08:00); at 07:10 that hour is still to come, so it came in by now.
    today = ["330024626000303", "20/11/2026", "acceso", "PNT", "Padrón de proveedores vigente", "", "", "", "",
             "", "", ""]
    done = run(engine, transparencia, "pnt.csv", csv_bytes([today]), now=datetime(2026, 11, 20, 7, 10, tzinfo=MX))
    assert done.errors == []
    assert requests_by_pnt(engine)["330024626000303"].received_at == datetime(2026, 11, 20, 7, 10, tzinfo=MX)


def test_importing_the_same_file_twice_creates_nothing_the_second_time(engine, transparencia):
    content = xlsx_bytes([[row[0], *row[1:]] for row in ANSWERED])
    first = run(engine, transparencia, "pnt.xlsx", content)
    with reading(engine) as session:
        deadlines_before = len(session.exec(select(Deadline.id)).all())
    again = run(engine, transparencia, "pnt.xlsx", content)
    assert (first.created_rows, again.created_rows, again.skipped_rows) == (3, 0, 3)
    assert [problem["error"] for problem in again.errors] == [
        "Ya importada: el folio PNT 330024624000101 está registrado como SAI-2024-00001.",
        "Ya importada: el folio PNT 330024624000102 está registrado como SAI-2024-00002.",
        "Ya importada: el folio PNT 330024625000050 está registrado como ARCO-2025-00001."]
    with reading(engine) as session:
        assert len(session.exec(select(TransparencyRequest.id)).all()) == 3
        assert len(session.exec(select(Deadline.id)).all()) == deadlines_before


def test_a_folio_repeated_inside_the_file_is_imported_once(engine, transparencia):
    done = run(engine, transparencia, "pnt.csv", csv_bytes([ANSWERED[0], ANSWERED[1], ANSWERED[0]]))
    assert (done.created_rows, done.skipped_rows) == (2, 1)
    assert done.errors == [{"fila": 4, "folio": "330024624000101",
                            "error": "El folio PNT 330024624000101 se repite: ya viene en la fila 2 de este archivo."}]


def test_batches_commit_their_progress_until_the_whole_file_is_done(engine, transparencia, monkeypatch):
    monkeypatch.setattr(importing, "BATCH", 2)
    rows = [[f"33002462400{n:04d}", "04/03/2024", "", "", f"Solicitud número {n}", "", "", "", "", "",
             "Entrega total", "15/03/2024"] for n in range(7)]
    with transaction(engine) as session:
        import_id = begin_import(session, transparencia, "pnt.csv").id
    start_import(engine, transparencia, import_id, "pnt.csv", csv_bytes(rows)).join()
    with reading(engine) as session:
        done = session.get(RequestImport, import_id)
        assert (done.status, done.total_rows, done.processed_rows, done.created_rows) == (ImportStatus.DONE, 7, 7, 7)
        assert done.finished_at is not None
        seqs = session.exec(select(TransparencyRequest.seq).order_by(TransparencyRequest.seq)).all()
    assert seqs == list(range(1, 8))


def test_a_file_the_thread_cannot_read_ends_the_import_as_fallida_with_the_reason(engine, transparencia):
    with transaction(engine) as session:
        import_id = begin_import(session, transparencia, "pnt.csv").id
    start_import(engine, transparencia, import_id, "pnt.csv", b"Folio,Tema\n1,Obra\n").join()
    with reading(engine) as session:
        failed = session.get(RequestImport, import_id)
    assert (failed.status, failed.processed_rows, failed.created_rows) == (ImportStatus.FAILED, 0, 0)
    assert failed.errors == [{"fila": None, "folio": "", "error": "Al encabezado (fila 1) le faltan las columnas: "
                                                                  "Fecha de recepción, Descripción."}]


def test_an_import_whose_thread_went_silent_is_ended_as_interrupted_and_a_live_one_keeps_running(
        engine, transparencia):
    # The server restarted four minutes ago in the middle of a file; another import reported a minute ago.
    now = datetime(2026, 11, 20, 17, 0, tzinfo=UTC)
    with transaction(engine) as session:
        cut_short = RequestImport(organization_id=transparencia.organization_id, filename="grande.csv",
                                  total_rows=5000, processed_rows=1500, created_rows=1490, skipped_rows=10,
                                  created_at=now - timedelta(minutes=30), heartbeat_at=now - timedelta(minutes=4))
        alive = RequestImport(organization_id=transparencia.organization_id, filename="otro.csv", total_rows=800,
                              processed_rows=500, created_at=now - timedelta(minutes=2),
                              heartbeat_at=now - timedelta(minutes=1))
        session.add_all([cut_short, alive])
    assert importing.settle_interrupted(engine, transparencia.organization_id, now) == 1
    assert importing.settle_interrupted(engine, transparencia.organization_id, now) == 0
    with reading(engine) as session:
        ended, running = session.get(RequestImport, cut_short.id), session.get(RequestImport, alive.id)
    assert (ended.status, ended.processed_rows, ended.created_rows) == (ImportStatus.FAILED, 1500, 1490)
    assert ended.finished_at is not None
    assert ended.errors == [{"fila": None, "folio": "", "error": (
        "La importación se interrumpió (el servidor se reinició) después de 1500 de 5000 filas; las anteriores "
        "quedaron importadas. Vuelva a importar el archivo para continuar: las filas ya importadas se omiten.")}]
    assert running.status == ImportStatus.RUNNING and running.finished_at is None


def test_each_batch_and_the_file_read_report_the_import_alive(engine, transparencia, monkeypatch):
    monkeypatch.setattr(importing, "BATCH", 2)
    beats = []
    report = importing._record

    def record(session, import_id, *args, **kwargs):
        row = report(session, import_id, *args, **kwargs)
        beats.append(row.heartbeat_at)
        return row

    monkeypatch.setattr(importing, "_record", record)
    with transaction(engine) as session:
        import_id = begin_import(session, transparencia, "pnt.csv").id
    start_import(engine, transparencia, import_id, "pnt.csv", csv_bytes(ANSWERED)).join()
    # The read (total known), a batch of two rows and one of one, the end: each moved the heartbeat on.
    assert len(beats) == 4 and None not in beats and beats == sorted(beats)


def test_bulk_folios_continue_the_counter_registration_takes(engine, transparencia):
    with transaction(engine) as session:
        assert next_folio(session, transparencia.organization_id, "SAI", 2024, "SAI-{year}-{seq:05d}") == (
            1, "SAI-2024-00001")
        assert reserve_folios(session, transparencia.organization_id, RequestKind.ACCESO, 2024, 3) == [
            (2, "SAI-2024-00002"), (3, "SAI-2024-00003"), (4, "SAI-2024-00004")]
        assert next_folio(session, transparencia.organization_id, "SAI", 2024, "SAI-{year}-{seq:05d}")[0] == 5
        # ARCO requests are numbered apart, from 1.
        assert reserve_folios(session, transparencia.organization_id, RequestKind.ARCO, 2024, 2) == [
            (1, "ARCO-2024-00001"), (2, "ARCO-2024-00002")]


@pytest.mark.parametrize("filename,content,message", [
    ("pnt.pdf", b"%PDF-1.4", "No se aceptan archivos .pdf: suba un .csv o un .xlsx."),
    ("pnt.csv", "Folio,Tema\n1,Obra\n".encode(), "Al encabezado (fila 1) le faltan las columnas: Fecha de recepción, "
                                                 "Descripción."),
    ("pnt.csv", b"Nombre,Correo\nAna,ana@example.org\n", "No se encontró el encabezado: una de las primeras filas "
                                                         "debe nombrar las columnas, al menos Folio, Fecha de "
                                                         "recepción y Descripción."),
    ("pnt.xlsx", b"PK\x03\x04 no es un libro", "No se pudo leer el archivo de Excel; guárdelo de nuevo como .xlsx."),
    ("pnt.csv", b"PK\x03\x04\x00\x00",
     "El archivo no es un CSV de texto; si es de Excel, guárdelo con extensión .xlsx."),
])
def test_a_file_that_cannot_be_read_is_refused_whole(filename, content, message):
    with pytest.raises(ExportRejected) as refused:
        read_export(filename, content)
    assert str(refused.value) == message


def test_a_cell_longer_than_the_csv_readers_own_limit_refuses_its_row_with_its_columns_limit_not_the_file(
        engine, transparencia):
    huge = ["330024624000199", "04/03/2024", "", "", "x" * 200_000, "", "", "", "", "", "Entrega total",
            "05/03/2024"]
    done = run(engine, transparencia, "pnt.csv", csv_bytes([ANSWERED[0], huge]))
    assert (done.status, done.created_rows, done.skipped_rows) == (ImportStatus.DONE, 1, 1)
    assert done.errors == [{"fila": 3, "folio": "330024624000199",
                            "error": "La columna Descripción admite hasta 20,000 caracteres (tiene 200,000)."}]


def test_a_huge_wrong_value_is_quoted_cut_short_in_the_report():
    export = read_export("pnt.csv", csv_bytes([["3" * 200, "04/03/2024", "A" * 50_000, "", "Contratos", "", "",
                                                "", "", "", "", ""]]))
    problem = pnt_export.parse_row(export, *export.rows[0], "America/Mexico_City", NOW)
    assert problem.message == ("El folio de la PNT admite hasta 40 caracteres. El tipo «" + "A" * 80 + "…» no es "
                               "válido; use acceso o arco.")
    assert problem.pnt_folio == "3" * 80 + "…"


@pytest.mark.parametrize("mangled", ["3.30025E+14", "3,30025E+14", "3.30025e14"])
def test_a_folio_excel_turned_into_scientific_notation_is_refused_saying_how_to_keep_it_as_text(
        engine, transparencia, mangled):
    # Two different requests whose folios Excel rounded alike: neither is imported, nor called a repetition.
    rows = [[mangled, *ANSWERED[0][1:]], [mangled, *ANSWERED[1][1:]]]
    done = run(engine, transparencia, "pnt.csv", csv_bytes(rows, delimiter=";"))
    assert (done.created_rows, done.skipped_rows) == (0, 2)
    assert [problem["fila"] for problem in done.errors] == [2, 3]
    for problem in done.errors:
        assert problem["error"].startswith(f"El folio de la PNT «{mangled}» está en notación científica: Excel lo "
                                           "convirtió en número")
        assert "Desde texto/CSV" in problem["error"] and "Texto" in problem["error"]
    assert requests_by_pnt(engine) == {}


def test_a_csv_the_reader_cannot_follow_is_refused_whole_in_spanish(monkeypatch):
    def broken(*args, **kwargs):
        raise pnt_export.csv.Error("unexpected end of data")
        yield

    monkeypatch.setattr(pnt_export.csv, "reader", lambda *args, **kwargs: type(
        "Reader", (), {"line_num": 7, "__iter__": broken})())
    with pytest.raises(ExportRejected) as refused:
        read_export("pnt.csv", csv_bytes([ANSWERED[0]]))
    assert str(refused.value) == ("El CSV está mal formado cerca de la línea 7: el archivo termina dentro de una celda "
                                  "entre comillas. Ábralo en Excel y guárdelo de nuevo como CSV UTF-8 o como .xlsx.")


@pytest.mark.parametrize("cell,expected", [
    ("04/03/2024", (date(2024, 3, 4), None)),
    ("2024-03-04", (date(2024, 3, 4), None)),
    ("04/03/2024 09:30", (date(2024, 3, 4), time(9, 30))),
    ("2024-03-04T19:05:00", (date(2024, 3, 4), time(19, 5))),
    ("2024-03-04T10:00:00+00:00", (date(2024, 3, 4), time(4, 0))),  # an offset is read in the office's zone
    (datetime(2024, 3, 4, 0, 0), (date(2024, 3, 4), None)),
    (45355, (date(2024, 3, 4), None)),  # an Excel serial number without a date format
])
def test_dates_are_read_in_the_formats_exports_use(cell, expected):
    assert moment_of(cell, "America/Mexico_City") == expected


@pytest.mark.parametrize("reader,text,expected", [
    (sense_of, "Entrega de información en medio electrónico", AnswerSense.ENTREGA_TOTAL),
    (sense_of, "La información está disponible públicamente", AnswerSense.PUBLICA),
    (sense_of, "Inexistencia de la información solicitada", AnswerSense.INEXISTENCIA),
    (sense_of, "No es de competencia de la unidad de enlace", AnswerSense.INCOMPETENCIA),
    (sense_of, "Entrega parcial", AnswerSense.ENTREGA_PARCIAL),
    (sense_of, "En proceso", None),
    (channel_of, "Correo postal", RequestChannel.POSTAL),
    (channel_of, "Escrito libre", RequestChannel.PRESENCIAL),
    (channel_of, "", RequestChannel.PNT),
    (age_range_of, "17", AgeRange.MENOR_18),
    (age_range_of, "Menos de 18 años", AgeRange.MENOR_18),
    (age_range_of, "45 a 59 años", AgeRange.DE_45_59),
    (age_range_of, "Prefiere no decir", AgeRange.NO_DICE),
])
def test_the_pnt_wording_of_each_choice_is_understood(reader, text, expected):
    assert reader(text) == expected



@pytest.mark.parametrize("text,expected", [
    *[(label, sense) for sense, label in ARCO_SENSE_LABELS.items()],  # as the ARCO answer form names them
    ("Improcedente", AnswerSense.IMPROCEDENTE),
    ("PROCEDENTE PARCIALMENTE", AnswerSense.ENTREGA_PARCIAL),
    ("Entrega parcial", AnswerSense.ENTREGA_PARCIAL),  # the PNT's access words, which it uses for ARCO too
])
def test_an_arco_answer_is_read_in_the_words_pleno_writes_it(text, expected):
    assert sense_of(text, RequestKind.ARCO) == expected


def test_answered_arco_rows_saying_procedente_import_as_the_arco_answer_form_records_them(engine, transparencia):
    # What Pleno's own statistics and open data write for an ARCO right granted in whole or in part.
    rows = [[*ANSWERED[2][:10], "Procedente", *ANSWERED[2][11:]],
            ["330024625000051", *ANSWERED[2][1:10], "Procedente en parte", *ANSWERED[2][11:]]]
    done = run(engine, transparencia, "pnt.csv", csv_bytes(rows))
    assert (done.created_rows, done.errors) == (2, [])
    by_pnt = requests_by_pnt(engine)
    assert [by_pnt[pnt].answer_sense for pnt in ("330024625000050", "330024625000051")] == [
        AnswerSense.ENTREGA_TOTAL, AnswerSense.ENTREGA_PARCIAL]


def test_an_access_row_answered_procedente_is_refused_pointing_to_the_tipo_column(engine, transparencia):
    # «Procedente» answers an ARCO right: a row of access saying it most likely lost its Tipo.
    row = [*ANSWERED[0][:10], "Procedente", ANSWERED[0][11]]
    done = run(engine, transparencia, "pnt.csv", csv_bytes([row]))
    assert done.errors == [{"fila": 2, "folio": "330024624000101", "error": (
        "El sentido «Procedente» es de una respuesta ARCO: si la solicitud es ARCO, escríbalo en la columna Tipo; "
        "si es de acceso, use entrega total, entrega parcial, inexistencia, reservada, confidencial, incompetencia "
        "o pública.")}]
    assert requests_by_pnt(engine) == {}


OPEN = [
    ["330024626000201", "23/03/2026 10:00", "acceso", "PNT", "Solicito el padrón de proveedores vigente",
     "Proveedores", "Mujer", "30 a 44", "Empresaria", "Chiapas", "En proceso", ""],
    ["330024626000202", "24/03/2026", "ARCO", "PNT", "Rectificación de mi domicilio en el padrón", "", "", "",
     "", "", "", ""],
]


def test_open_rows_become_live_requests_with_their_process(engine, transparencia):
    done = run(engine, transparencia, "pnt.csv", csv_bytes([ANSWERED[0], OPEN[0]]))
    assert (done.status, done.processed_rows, done.created_rows, done.errors) == (ImportStatus.DONE, 2, 2, [])
    live = requests_by_pnt(engine)["330024626000201"]
    assert (live.status, live.folio, live.sex, live.age_range, live.topic) == (
        RequestStatus.REGISTERED, "SAI-2026-00001", Sex.MUJER, AgeRange.DE_30_44, "Proveedores")
    assert live.instance_id is not None and live.requester_kind == "anonimo"
    with reading(engine) as session:
        [task] = session.exec(select(OpenTask).where(OpenTask.instance_id == live.instance_id)).all()
        deadline = session.get(Deadline, live.response_deadline_id)
    assert task.task_name == "review"
    # Filed Monday 23 March 2026 at 10:00, as in tests/engine/test_deadlines.py: due Monday 20 April.
    assert (deadline.status, deadline.due_on) == (DeadlineStatus.OPEN, date(2026, 4, 20))
    again = run(engine, transparencia, "pnt.csv", csv_bytes([ANSWERED[0], OPEN[0]]))
    assert (again.created_rows, again.skipped_rows) == (0, 2)



def test_an_open_row_opens_the_unidads_windows_as_registration_does(engine, transparencia):
    assert run(engine, transparencia, "pnt.csv", csv_bytes([OPEN[0]])).errors == []
    live = requests_by_pnt(engine)["330024626000201"]
    with reading(engine) as session:
        windows = session.exec(select(Deadline).where(Deadline.subject_id == live.folio,
                                                      Deadline.id != live.response_deadline_id)).all()
    # Filed Monday 23 March 2026 at 10:00: 3 días hábiles to 26 March, 5 to 30 March.
    assert {(w.kind, w.due_on) for w in windows} == {
        (DeadlineKind.INCOMPETENCIA, date(2026, 3, 26)), (DeadlineKind.PREVENCION, date(2026, 3, 30)),
        (DeadlineKind.INFORMACION_PUBLICA, date(2026, 3, 30))}


def test_an_open_row_received_before_21_march_2025_opens_its_term_under_the_2015_law(engine, transparencia):
    row = ["330024625000201", "10/03/2025 10:00", *OPEN[0][2:]]
    assert run(engine, transparencia, "pnt.csv", csv_bytes([row])).errors == []
    live = requests_by_pnt(engine)["330024625000201"]
    with reading(engine) as session:
        deadline = session.get(Deadline, live.response_deadline_id)
    assert (live.rule_set_code, deadline.rule_set_code, deadline.basis) == (
        "MX-LGTAIP-2015", "MX-LGTAIP-2015", "LGTAIP 2015, art. 132")


def test_an_open_arco_row_starts_the_arco_process_with_the_holder_and_the_right(engine, transparencia):
    content = csv_bytes([OPEN[1] + ["Rectificación", "Laura Gómez Ruiz", "Credencial para votar"]])
    done = run(engine, transparencia, "pnt.csv", content)
    assert (done.created_rows, done.errors) == (1, [])
    live = requests_by_pnt(engine)["330024626000202"]
    assert (live.kind, live.status, live.arco_right, live.holder_name, live.identity_document) == (
        RequestKind.ARCO, RequestStatus.REGISTERED, ArcoRight.RECTIFICACION, "Laura Gómez Ruiz",
        "Credencial para votar")
    with reading(engine) as session:
        assert session.get(ProcessInstance, live.instance_id).process_id == "arco_request"


def test_an_answered_arco_row_keeps_the_right_the_holder_and_the_identity_document(engine, transparencia):
    assert run(engine, transparencia, "pnt.csv", csv_bytes([ANSWERED[2]])).created_rows == 1
    arco = requests_by_pnt(engine)["330024625000050"]
    assert (arco.kind, arco.arco_right, arco.holder_name, arco.identity_document, arco.status) == (
        RequestKind.ARCO, ArcoRight.ACCESO, "Laura Gómez Ruiz", "Credencial para votar", RequestStatus.ANSWERED)


NO_HOLDER = ("Titular de los datos personales: Escriba el nombre del titular de los datos: una solicitud ARCO no "
             "puede ser anónima ni presentarse con seudónimo.")
NO_IDENTITY = ("Documento con que se acreditó la identidad: Indique el documento con que el titular o su "
               "representante acreditó su identidad (por ejemplo, credencial para votar o pasaporte; y el poder, si "
               "actúa un representante).")


def test_an_open_arco_row_without_the_holder_s_identity_is_reported_with_the_form_s_reasons(engine, transparencia):
    done = run(engine, transparencia, "pnt.csv", csv_bytes([OPEN[1]]))
    assert (done.processed_rows, done.created_rows, done.skipped_rows) == (1, 0, 1)
    assert done.errors == [{"fila": 2, "folio": "330024626000202",
                            "error": f"Derecho que ejerce: Este campo es obligatorio. {NO_HOLDER} {NO_IDENTITY}"}]


@pytest.mark.parametrize("holder,document,reasons", [
    ("", "", f"{NO_HOLDER} {NO_IDENTITY}"),
    ("Laura Gómez Ruiz", "", NO_IDENTITY),
    ("", "Credencial para votar", NO_HOLDER),
])
def test_an_answered_arco_row_without_the_holder_or_the_identity_document_is_refused_as_an_open_one_is(
        engine, transparencia, holder, document, reasons):
    row = [*ANSWERED[2][:13], holder, document]
    done = run(engine, transparencia, "pnt.csv", csv_bytes([row]))
    assert (done.processed_rows, done.created_rows, done.skipped_rows) == (1, 0, 1)
    assert done.errors == [{"fila": 2, "folio": "330024625000050", "error": reasons}]
    assert requests_by_pnt(engine) == {}


@pytest.mark.parametrize("answered", [False, True])
@pytest.mark.parametrize("titular,nombre", [("Anónimo", ""), ("N/A", "Laura Gómez Ruiz"), ("", "Sin nombre")])
def test_an_arco_row_whose_holder_is_written_as_no_name_is_refused_in_the_forms_words(
        engine, transparencia, answered, titular, nombre):
    header = [*HEADER, "Nombre"]
    row = ANSWERED[2] if answered else [*OPEN[1], "Rectificación"]
    content = csv_bytes([[*row[:13], titular, "Credencial para votar", nombre]], header=header)
    done = run(engine, transparencia, "pnt.csv", content)
    assert (done.processed_rows, done.created_rows, done.skipped_rows) == (1, 0, 1)
    [problem] = done.errors
    assert f"Titular de los datos personales: «{titular or nombre}» no es el nombre de una persona." in \
        problem["error"]
    assert requests_by_pnt(engine) == {}


@pytest.mark.parametrize("answered", [False, True], ids=["open", "answered"])
def test_an_arco_row_received_before_the_lgpdppso_took_effect_is_refused_with_the_reason(
        engine, transparencia, answered):
    # The PNT's history may hold older requests of personal data: their terms are not the LGPDPPSO's.
    row = ([*ANSWERED[2][:11], "15/12/2016"] + ANSWERED[2][12:] if answered
           else [*OPEN[1][:11], ""] + ["Rectificación", "Laura Gómez Ruiz", "Credencial para votar"])
    row[1] = "14/12/2016"
    done = run(engine, transparencia, "pnt.csv", csv_bytes([row]))
    assert (done.processed_rows, done.created_rows, done.skipped_rows) == (1, 0, 1)
    assert done.errors == [{"fila": 2, "folio": row[0], "error": (
        "Una solicitud ARCO no puede tener fecha de recepción anterior al 27 de enero de 2017, día en que entró en "
        "vigor la Ley General de Protección de Datos Personales en Posesión de Sujetos Obligados, cuyos plazos "
        "aplica Pleno. Revise la fecha.")}]
    assert requests_by_pnt(engine) == {}
    # An access request of that day is still the 2015 law's.
    access = [*ANSWERED[0][:1], "14/12/2016", *ANSWERED[0][2:11], "10/01/2017"]
    assert run(engine, transparencia, "pnt.csv", csv_bytes([access])).errors == []


@pytest.mark.parametrize("answered", [False, True], ids=["open", "answered"])
def test_an_access_row_received_before_the_lgtaip_took_effect_is_refused_with_the_reason(
        engine, transparencia, answered):
    # The LGTAIP was published in the DOF on 4 May 2015 and took effect the next day: no terms before it.
    row = ([*ANSWERED[0][:1], "04/05/2015", *ANSWERED[0][2:11], "01/06/2015"] if answered
           else [*OPEN[0][:1], "04/05/2015 10:00", *OPEN[0][2:]])
    done = run(engine, transparencia, "pnt.csv", csv_bytes([row]))
    assert (done.processed_rows, done.created_rows, done.skipped_rows) == (1, 0, 1)
    assert done.errors == [{"fila": 2, "folio": row[0], "error": (
        "Una solicitud de acceso a la información no puede tener fecha de recepción anterior al 5 de mayo de 2015, "
        "día en que entró en vigor la Ley General de Transparencia y Acceso a la Información Pública (2015), cuyos "
        "plazos aplica Pleno. Revise la fecha.")}]
    assert requests_by_pnt(engine) == {}
    # Received the day it took effect, the row is the 2015 law's.
    row[1] = "05/05/2015"
    assert run(engine, transparencia, "pnt.csv", csv_bytes([row])).errors == []
    assert requests_by_pnt(engine)[row[0]].rule_set_code == "MX-LGTAIP-2015"


def test_only_the_unidad_de_transparencia_files_open_rows_while_history_imports_for_anyone_allowed(engine, admin):
    done = run(engine, admin, "pnt.csv", csv_bytes([ANSWERED[0], OPEN[0]]))
    assert (done.created_rows, done.skipped_rows) == (1, 1)
    assert done.errors == [{"fila": 3, "folio": "330024626000201", "error": (
        "No se registró la solicitud en trámite. Las solicitudes en trámite solo las registra la Unidad de "
        "Transparencia; pídale que importe el archivo.")}]
    assert set(requests_by_pnt(engine)) == {"330024624000101"}


def test_an_open_row_the_registration_form_refuses_is_reported_with_its_reason(engine, transparencia):
    short = ["330024626000203", "23/03/2026", "", "", "Padrón", "", "", "", "", "", "", ""]
    done = run(engine, transparencia, "pnt.csv", csv_bytes([short]))
    assert done.errors == [{"fila": 2, "folio": "330024626000203",
                            "error": "No se registró la solicitud en trámite. Información solicitada: Escriba "
                                     "al menos 10 caracteres."}]


def test_the_report_lists_its_observations_in_the_order_of_the_rows_those_in_course_included(engine, transparencia):
    in_course = ["330024626000203", "23/03/2026", "", "", "Padrón", "", "", "", "", "", "", ""]
    without_folio = ["", "04/03/2024", "", "", "Sin folio", "", "", "", "", "", "Entrega total", "05/03/2024"]
    done = run(engine, transparencia, "pnt.csv", csv_bytes([in_course, ANSWERED[0], without_folio, ANSWERED[0]]))
    # Rows in course are registered after the rest of their batch; the report still follows the file.
    assert [problem["fila"] for problem in done.errors] == [2, 4, 5]


def test_the_area_that_answered_is_recorded_as_its_answered_turn_found_by_name_or_code_however_written(
        engine, transparencia):
    content = ("Folio,Fecha de recepción,Descripción,Respuesta,Fecha de respuesta,Área responsable\r\n"
               "330024624000101,04/03/2024,Contratos de obra pública,Entrega total,01/04/2024,"
               "DIRECCION DE ADMINISTRACION\r\n"
               "330024624000102,05/03/2024,Matriz de riesgos,Inexistencia,20/03/2024,dri\r\n"
               "330024624000103,06/03/2024,Sin área en el archivo,Entrega total,20/03/2024,\r\n"
               "330024624000104,07/03/2024,Obra de un área que no existe,Entrega total,20/03/2024,"
               "Dirección de Obras\r\n").encode()
    done = run(engine, transparencia, "pnt.csv", content)
    assert (done.created_rows, done.skipped_rows) == (3, 1)
    assert done.errors == [{"fila": 5, "folio": "330024624000104", "error": (
        "El área «Dirección de Obras» no está en el catálogo de áreas; escriba su nombre o su clave como están "
        "registrados.")}]
    by_pnt = requests_by_pnt(engine)
    with reading(engine) as session:
        areas = {area.id: area.code for area in session.exec(select(Area))}
        turns = {turn.request_id: turn for turn in session.exec(select(RequestTurn))}
        organization = session.get(Organization, transparencia.organization_id)
        per_area = by_area(session, organization, Period.of_year(2024))
    administration, risks = turns[by_pnt["330024624000101"].id], turns[by_pnt["330024624000102"].id]
    assert (areas[administration.area_id], administration.status, administration.sense, administration.answered_at) == (
        "DA", RequestTurnStatus.ANSWERED, AnswerSense.ENTREGA_TOTAL, datetime(2024, 4, 1, 12, 0, tzinfo=MX))
    assert (areas[risks.area_id], risks.sense) == ("DRI", AnswerSense.INEXISTENCIA)
    assert by_pnt["330024624000103"].id not in turns
    # The statistics and the quarterly report count the requests «por área» from these turns.
    assert [(count.label, count.count) for count in per_area] == [("Dirección de Administración", 1),
                                                                  ("Dirección de Riesgos e Inteligencia", 1)]


def test_an_imported_turn_records_no_turn_date_the_file_never_gave(engine, transparencia):
    content = ("Folio,Fecha de recepción,Descripción,Respuesta,Fecha de respuesta,Área responsable\r\n"
               "330024626000101,05/10/2026,Contratos de obra pública,Entrega total,05/11/2026,DA\r\n").encode()
    run(engine, transparencia, "pnt.csv", content)
    with reading(engine) as session:
        [turn] = session.exec(select(RequestTurn)).all()
    # Not the day of the import (after the answer of 5 November) nor any other day it would invent.
    assert (turn.status, turn.turned_at) == (RequestTurnStatus.ANSWERED, None)
