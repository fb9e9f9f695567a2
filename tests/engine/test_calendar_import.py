"""Reading a year's días inhábiles from CSV and iCalendar files: good files, and bad ones refused whole."""

from datetime import date

import pytest

from engine.calendar_import import MAX_BYTES, ImportedDay, ImportRejected, parse_csv, parse_ical, parse_upload


def ics(*events: str) -> bytes:
    body = "".join(f"BEGIN:VEVENT\r\nUID:{n}@pleno\r\n{event}END:VEVENT\r\n" for n, event in enumerate(events))
    return f"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Pleno//pruebas//ES\r\n{body}END:VCALENDAR\r\n".encode()


def problems_of(call, *args) -> list[str]:
    with pytest.raises(ImportRejected) as caught:
        call(*args)
    return caught.value.problems


# -- CSV --------------------------------------------------------------------------------------


def test_a_csv_with_single_days_and_both_date_formats_is_read():
    content = ("fecha,motivo,acuerdo\n"
               "2026-04-02,Jueves Santo,Acuerdo CT/01/2026\n"
               "\n"
               "03/04/2026,Viernes Santo,Acuerdo CT/01/2026\n"
               "12/12/2026,Día de la Virgen de Guadalupe,\n").encode()
    assert parse_csv(content) == [
        ImportedDay(date(2026, 4, 2), date(2026, 4, 2), "Jueves Santo", "Acuerdo CT/01/2026"),
        ImportedDay(date(2026, 4, 3), date(2026, 4, 3), "Viernes Santo", "Acuerdo CT/01/2026"),
        ImportedDay(date(2026, 12, 12), date(2026, 12, 12), "Día de la Virgen de Guadalupe", ""),
    ]


def test_a_csv_of_ranges_saved_by_excel_with_semicolons_and_windows_accents_is_read():
    content = ("Desde;Hasta;Motivo\r\n"
               "20/07/2026;31/07/2026;Primer periodo vacacional\r\n"
               "2026-11-02;;Día de Muertos\r\n").encode("cp1252")
    assert parse_csv(content) == [
        ImportedDay(date(2026, 7, 20), date(2026, 7, 31), "Primer periodo vacacional", ""),
        ImportedDay(date(2026, 11, 2), date(2026, 11, 2), "Día de Muertos", ""),
    ]


def test_every_bad_csv_line_is_reported_with_its_number_and_nothing_is_returned():
    content = ("fecha,motivo\n"
               "2026-04-02,Jueves Santo\n"
               "2026-13-01,Mes que no existe\n"
               "2026-11-02,\n"
               "el dos de noviembre,Día de Muertos\n").encode()
    assert problems_of(parse_csv, content) == [
        "Línea 3: «2026-13-01» no es una fecha; use AAAA-MM-DD o DD/MM/AAAA.",
        "Línea 4: falta el motivo.",
        "Línea 5: «el dos de noviembre» no es una fecha; use AAAA-MM-DD o DD/MM/AAAA.",
    ]


def test_a_range_that_ends_before_it_starts_or_lasts_over_a_year_is_refused():
    content = ("desde,hasta,motivo\n"
               "2026-07-31,2026-07-20,Vacaciones al revés\n"
               "2026-01-01,2027-06-30,Demasiado largo\n").encode()
    assert problems_of(parse_csv, content) == ["Línea 2: la fecha final es anterior a la inicial.",
                                               "Línea 3: un periodo no puede abarcar más de un año."]


@pytest.mark.parametrize("content", [b"2026-04-02,Jueves Santo\n", b"dia,razon\n2026-04-02,x\n",
                                     b"fecha\n2026-04-02\n"])
def test_a_csv_without_its_header_is_refused(content):
    [problem] = problems_of(parse_csv, content)
    assert problem.startswith("La primera línea debe ser el encabezado")


def test_a_csv_with_only_its_header_imports_nothing():
    assert problems_of(parse_csv, b"fecha,motivo,acuerdo\n") == [
        "El archivo no tiene ningún día inhábil debajo del encabezado."]


# -- iCalendar --------------------------------------------------------------------------------


def test_all_day_events_end_the_day_before_their_dtend():
    content = ics("DTSTART;VALUE=DATE:20260402\r\nDTEND;VALUE=DATE:20260404\r\nSUMMARY:Jueves y Viernes Santo\r\n",
                  "DTSTART;VALUE=DATE:20261102\r\nSUMMARY:Día de Muertos\r\n",
                  "DTSTART;VALUE=DATE:20261221\r\nDTEND;VALUE=DATE:20270102\r\nSUMMARY:Vacaciones de invierno\r\n")
    assert parse_ical(content) == [
        ImportedDay(date(2026, 4, 2), date(2026, 4, 3), "Jueves y Viernes Santo", ""),
        ImportedDay(date(2026, 11, 2), date(2026, 11, 2), "Día de Muertos", ""),
        ImportedDay(date(2026, 12, 21), date(2027, 1, 1), "Vacaciones de invierno", ""),
    ]


def test_a_timed_event_covers_the_days_it_touches():
    content = ics("DTSTART:20260915T090000\r\nDTEND:20260917T000000\r\nSUMMARY:Cierre por mantenimiento\r\n")
    assert parse_ical(content) == [ImportedDay(date(2026, 9, 15), date(2026, 9, 16), "Cierre por mantenimiento", "")]


def test_bad_ical_events_are_reported_by_line_and_summary():
    content = ics("DTSTART;VALUE=DATE:20260402\r\nSUMMARY:Jueves Santo\r\n",
                  "DTSTART;VALUE=DATE:20260101\r\nRRULE:FREQ=YEARLY\r\nSUMMARY:Año Nuevo\r\n",
                  "DTSTART:mañana\r\nSUMMARY:Fecha rota\r\n",
                  "DTSTART;VALUE=DATE:20261102\r\n")
    assert problems_of(parse_ical, content) == [
        "Línea 9 («Año Nuevo»): los eventos que se repiten (RRULE) no se admiten; exporte las fechas concretas "
        "del año.",
        "Línea 15 («Fecha rota»): la fecha de inicio o de fin no es válida.",
        "Línea 20: falta el motivo.",
    ]


@pytest.mark.parametrize("content", [b"esto no es un calendario", b"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\n"])
def test_a_file_that_is_not_icalendar_is_refused(content):
    assert problems_of(parse_ical, content) == ["El archivo no es un calendario iCalendar (.ics) válido."]


def test_a_calendar_without_events_imports_nothing():
    assert problems_of(parse_ical, ics()) == ["El calendario no tiene ningún evento (VEVENT)."]


# -- the uploaded file ------------------------------------------------------------------------


def test_the_upload_is_read_by_its_extension():
    [day] = parse_upload("inhabiles-2026.CSV", b"fecha,motivo\n2026-11-02,Dia de Muertos\n")
    assert day.reason == "Dia de Muertos"
    assert parse_upload("calendario.ics", ics("DTSTART;VALUE=DATE:20261212\r\nSUMMARY:Guadalupe\r\n"))[0].first == \
        date(2026, 12, 12)


@pytest.mark.parametrize("filename,content,message", [
    ("calendario.xlsx", b"PK\x03\x04", "No se aceptan archivos .xlsx"),
    ("calendario", b"fecha,motivo\n", "No se aceptan archivos .(sin extensión)"),
    ("vacio.csv", b"", "El archivo está vacío."),
    ("enorme.csv", b"fecha,motivo\n" + b"x" * MAX_BYTES, "el máximo para un calendario es 256 KB"),
    ("binario.csv", b"fecha,motivo\n\x00\x01", "El archivo no es de texto"),
])
def test_wrong_types_and_oversized_files_are_refused_in_spanish(filename, content, message):
    [problem] = problems_of(parse_upload, filename, content)
    assert message in problem
