"""Reading an export of requests (the PNT's, or a spreadsheet kept by hand): CSV or XLSX rows, checked one by one.

The file is refused whole only when it cannot be read or lacks the columns every row needs; any
other problem belongs to its row, with the row number a person sees in Excel (the header counts),
so the good rows can be imported and the bad ones fixed and imported again.
"""

import csv
import io
import re
import zipfile
from dataclasses import dataclass
from datetime import date, datetime, time
from functools import lru_cache
from pathlib import Path
from zoneinfo import ZoneInfo

from babel.numbers import format_decimal
from openpyxl import load_workbook
from openpyxl.utils.datetime import from_excel
from openpyxl.utils.exceptions import InvalidFileException

from engine.labels import plain
from workflows.access_request.entidades import canonical_entidad
from workflows.access_request.models import AgeRange, AnswerSense, ArcoRight, RequestChannel, RequestKind, Sex
from workflows.access_request.forms import received_before_the_law
from workflows.arco_request.forms import IDENTITY_MISSING, RegisterArcoForm, holder_problem

EXTENSIONS = ("csv", "xlsx")
# A title or the export's date may sit above the header.
HEADER_SEARCH_ROWS = 10
DATE_FORMATS = ("%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y", "%Y/%m/%d")
TIME_FORMATS = ("%H:%M:%S", "%H:%M", "%H:%M:%S.%f")

# Each field and the headers it goes by (compared without accents, case or punctuation).
COLUMNS = {
    "folio": ("folio", "folio pnt", "folio de la pnt", "folio de la solicitud", "folio solicitud",
              "no de folio", "numero de folio"),
    "recibida": ("fecha de recepcion", "fecha recepcion", "fecha de ingreso", "fecha de presentacion",
                 "fecha de solicitud", "fecha de captura"),
    "tipo": ("tipo", "tipo de solicitud"),
    "medio": ("medio", "canal", "medio de entrada", "medio de recepcion", "medio de presentacion"),
    "descripcion": ("descripcion", "descripcion de la solicitud", "solicitud", "informacion solicitada"),
    "tema": ("tema",),
    "nombre": ("nombre", "solicitante", "nombre del solicitante"),
    "sexo": ("sexo", "genero"),
    "edad": ("edad", "rango de edad"),
    "ocupacion": ("ocupacion",),
    "estado": ("estado", "entidad", "entidad federativa"),
    "sentido": ("respuesta", "sentido", "sentido de la respuesta", "tipo de respuesta"),
    "respondida": ("fecha de respuesta", "fecha respuesta", "fecha de notificacion de la respuesta"),
    # ARCO requests: the right exercised and who exercises it (personal data, kept for the UT).
    "derecho": ("derecho", "derecho arco", "derecho que ejerce", "tipo de derecho"),
    "titular": ("titular", "nombre del titular", "titular de los datos"),
    "representante": ("representante", "nombre del representante"),
    "documento": ("documento de identidad", "identificacion", "documento con que acredito su identidad"),
    # The area that answered an answered request (importing.insert_answered records its turn there).
    "area": ("area", "area responsable", "area que respondio", "area administrativa", "unidad administrativa",
             "unidad administrativa responsable", "unidad responsable"),
}
REQUIRED = ("folio", "recibida", "descripcion")
HEADER_NAMES = {"folio": "Folio", "recibida": "Fecha de recepción", "descripcion": "Descripción"}
LIMITS = {"tema": 120, "ocupacion": 120, "estado": 60, "nombre": 200, "descripcion": 20000, "titular": 200,
          "representante": 200, "documento": 200, "area": 250}
TEXTS = tuple(LIMITS)
LIMITED_NAMES = {"tema": "Tema", "ocupacion": "Ocupación", "estado": "Estado", "nombre": "Nombre",
                 "descripcion": "Descripción", "titular": "Titular", "representante": "Representante",
                 "documento": "Documento de identidad", "area": "Área"}
# A folio Excel turned into a number and shows in scientific notation (3.30025E+14, 3,30025E+14): its last
# digits are gone, and two requests would read as one.
SCIENTIFIC = re.compile(r"\d+(?:[.,]\d*)?[eE][+-]?\d+")
# A report quotes a wrong cell this far: a 50,000-character cell would otherwise fill it.
ECHOED = 80
# Python's csv module words its errors in English: what each means to a person.
CSV_ERRORS = (("field larger than field limit", "una celda es demasiado larga para leerla"),
              ("line contains nul", "contiene caracteres nulos, como un archivo que no es de texto"),
              ("new-line character seen in unquoted field", "hay un salto de línea suelto en una celda sin comillas"),
              ("unexpected end of data", "el archivo termina dentro de una celda entre comillas"),
              ("expected after", "una celda entre comillas no se cerró bien"))


def _number(count: int) -> str:
    """A count as people in Mexico write it: «20,000»."""
    return format_decimal(count, locale="es_MX")


class ExportRejected(ValueError):
    """The file as a whole cannot be imported; the message says why, in Spanish."""


@dataclass(frozen=True)
class Export:
    """The readable part of a file: the column each field is in and the data rows, numbered."""

    filename: str
    columns: dict[str, int]
    rows: list[tuple[int, tuple]]


@dataclass(frozen=True, slots=True)
class RequestRow:
    line: int
    pnt_folio: str
    kind: RequestKind
    channel: RequestChannel
    received_on: date
    received_time: time | None
    description: str
    topic: str
    requester_name: str
    sex: Sex
    age_range: AgeRange
    occupation: str
    state: str
    answer_sense: AnswerSense | None
    answered_on: date | None
    arco_right: ArcoRight | None = None
    holder_name: str = ""
    representative_name: str = ""
    identity_document: str = ""
    area: str = ""

    @property
    def is_open(self) -> bool:
        """Not answered yet: it becomes a live request with its process."""
        return self.answered_on is None


@dataclass(frozen=True, slots=True)
class RowProblem:
    line: int
    pnt_folio: str
    message: str


# -- the file -----------------------------------------------------------------------------------

def read_export(filename: str, content: bytes) -> Export:
    """The header and the data rows of a .csv or .xlsx file (ExportRejected when it cannot be read)."""
    extension = Path(filename or "").suffix.lower().lstrip(".")
    if extension not in EXTENSIONS:
        raise ExportRejected(f"No se aceptan archivos .{extension or '(sin extensión)'}: suba un .csv o un .xlsx.")
    lines = _xlsx_rows(content) if extension == "xlsx" else _csv_rows(content)
    header_at, columns = _find_header(lines)
    rows = [(number, values) for number, values in enumerate(lines[header_at + 1:], start=header_at + 2)
            if any(value not in (None, "") for value in values)]
    return Export(Path(filename).name, columns, rows)


def _decode(content: bytes) -> str:
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError:
        # Excel in Spanish saves "CSV" in Windows-1252 unless told otherwise.
        return content.decode("cp1252", errors="replace")


def _csv_rows(content: bytes) -> list[tuple]:
    if b"\x00" in content[:4096] or content.startswith(b"PK\x03\x04"):
        raise ExportRejected("El archivo no es un CSV de texto; si es de Excel, guárdelo con extensión .xlsx.")
    text = _decode(content)
    # No cell is longer than the file: one past the reader's own limit (131,072 characters) then refuses its
    # row with its column's limit (parse_row), not the whole file.
    csv.field_size_limit(max(csv.field_size_limit(), len(text)))
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text))
    try:
        return [tuple(row) for row in reader]
    except csv.Error as exc:
        raise ExportRejected(f"El CSV está mal formado cerca de la línea {reader.line_num}: {_csv_reason(exc)}. "
                             "Ábralo en Excel y guárdelo de nuevo como CSV UTF-8 o como .xlsx.") from None


def _csv_reason(exc: csv.Error) -> str:
    said = str(exc).lower()
    return next((reason for words, reason in CSV_ERRORS if words in said), "no se pudo leer como texto separado "
                                                                             "por comas")


def _delimiter(text: str) -> str:
    """The separator the header line uses most (descriptions below it are full of commas)."""
    for line in text.splitlines()[:HEADER_SEARCH_ROWS]:
        if "folio" in line.lower():
            return max(";,\t", key=line.count)
    return ","


def _xlsx_rows(content: bytes) -> list[tuple]:
    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, ValueError):
        raise ExportRejected("No se pudo leer el archivo de Excel; guárdelo de nuevo como .xlsx.") from None
    try:
        # From the first row and column, so row numbers are the ones Excel shows.
        return list(workbook.worksheets[0].iter_rows(min_row=1, min_col=1, values_only=True))
    finally:
        workbook.close()


def _find_header(lines: list[tuple]) -> tuple[int, dict[str, int]]:
    aliases = {alias: field for field, names in COLUMNS.items() for alias in names}
    for index, values in enumerate(lines[:HEADER_SEARCH_ROWS]):
        columns: dict[str, int] = {}
        for position, value in enumerate(values):
            field = aliases.get(plain(str(value))) if isinstance(value, str) else None
            if field is not None:
                columns.setdefault(field, position)
        if "folio" in columns:
            missing = [HEADER_NAMES[field] for field in REQUIRED if field not in columns]
            if missing:
                raise ExportRejected(f"Al encabezado (fila {index + 1}) le faltan las columnas: {', '.join(missing)}.")
            return index, columns
    raise ExportRejected("No se encontró el encabezado: una de las primeras filas debe nombrar las columnas, "
                         "al menos Folio, Fecha de recepción y Descripción.")


# -- one row ------------------------------------------------------------------------------------

def echoed(text: str) -> str:
    """A cell's value as a report quotes it: a long one cut short."""
    return text if len(text) <= ECHOED else f"{text[:ECHOED]}…"


def text_of(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        # Excel keeps a numeric folio as a float: 330024622000123.0.
        return str(int(value))
    if isinstance(value, datetime | date):
        return value.isoformat()
    return str(value).strip()


def moment_of(value, tz_name: str) -> tuple[date, time | None]:
    """A date (and its time, when it has one) from a cell; ValueError when it is not one."""
    if isinstance(value, datetime):
        if value.tzinfo is not None:
            value = value.astimezone(ZoneInfo(tz_name)).replace(tzinfo=None)
        return value.date(), value.time() if value.time() != time(0) else None
    if isinstance(value, date):
        return value, None
    if isinstance(value, int | float) and 10_000 < value < 100_000:
        return moment_of(from_excel(value), tz_name)
    text = text_of(value)
    parts = text.replace("T", " ", 1).split()
    if len(parts) == 1:
        return _parse(parts[0], DATE_FORMATS).date(), None
    if len(parts) == 2:
        try:
            clock = _parse(parts[1], TIME_FORMATS).time()
            return _parse(parts[0], DATE_FORMATS).date(), clock if clock != time(0) else None
        except ValueError:
            pass
    # An ISO moment with its offset (2024-03-05T10:00:00-06:00); anything else is no date.
    return moment_of(datetime.fromisoformat(text), tz_name)


# What exports write nearly always, read without strptime (a tenth of its time, on 100,000 rows).
QUICK_DATE = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})|(\d{4})-(\d{2})-(\d{2})")
QUICK_TIME = re.compile(r"(\d{1,2}):(\d{2})(?::(\d{2}))?")


def _parse(text: str, formats: tuple[str, ...]) -> datetime:
    quick = (QUICK_DATE if formats is DATE_FORMATS else QUICK_TIME).fullmatch(text)
    if quick is not None:
        parts = quick.groups()
        if formats is DATE_FORMATS:
            day, month, year = (parts[0], parts[1], parts[2]) if parts[0] else (parts[5], parts[4], parts[3])
            return datetime(int(year), int(month), int(day))
        return datetime(1900, 1, 1, int(parts[0]), int(parts[1]), int(parts[2] or 0))
    for pattern in formats:
        try:
            return datetime.strptime(text, pattern)
        except ValueError:
            continue
    raise ValueError(text)


@lru_cache(maxsize=4096)
def kind_of(text: str) -> RequestKind:
    key = plain(text)
    if not key or key in ("acceso", "informacion", "informacion publica") or key.startswith("acceso"):
        return RequestKind.ACCESO
    if "arco" in key or "datos personales" in key:
        return RequestKind.ARCO
    raise ValueError(f"El tipo «{echoed(text)}» no es válido; use acceso o arco.")


@lru_cache(maxsize=4096)
def channel_of(text: str) -> RequestChannel:
    key = plain(text)
    for channel in RequestChannel:
        if key in (channel.value, plain(channel.label)):
            return channel
    rules = (("postal", RequestChannel.POSTAL), ("correo", RequestChannel.CORREO), ("mail", RequestChannel.CORREO),
             ("oficialia", RequestChannel.OFICIALIA), ("presencial", RequestChannel.PRESENCIAL),
             ("persona", RequestChannel.PRESENCIAL), ("ventanilla", RequestChannel.PRESENCIAL),
             ("escrito", RequestChannel.PRESENCIAL), ("manual", RequestChannel.PRESENCIAL),
             ("pnt", RequestChannel.PNT), ("plataforma", RequestChannel.PNT), ("electronic", RequestChannel.PNT),
             ("infomex", RequestChannel.PNT), ("sisai", RequestChannel.PNT), ("internet", RequestChannel.PNT),
             ("sistema", RequestChannel.PNT))
    if not key:
        return RequestChannel.PNT
    for word, channel in rules:
        if word in key:
            return channel
    raise ValueError(f"El medio «{echoed(text)}» no es válido; use PNT, correo, presencial, oficialía o postal.")


NOT_SAID = ("no dice", "prefiere no decir", "prefiero no decir", "no especificado", "no especifica",
            "no proporciono", "sin dato", "sin datos", "nd", "n d", "no aplica", "otro no dice")


@lru_cache(maxsize=4096)
def sex_of(text: str) -> Sex:
    key = plain(text)
    if not key or key in NOT_SAID or key == "no_dice":
        return Sex.NO_DICE
    if key in ("mujer", "femenino", "f", "m mujer"):
        return Sex.MUJER
    if key in ("hombre", "masculino", "m", "h"):
        return Sex.HOMBRE
    if key in ("otro", "no binario", "otra"):
        return Sex.OTRO
    raise ValueError(f"El sexo «{echoed(text)}» no es válido; use mujer, hombre, otro o déjelo vacío.")


@lru_cache(maxsize=4096)
def age_range_of(text: str) -> AgeRange:
    key = plain(text)
    if not key or key in NOT_SAID:
        return AgeRange.NO_DICE
    for age_range in AgeRange:
        if key in (plain(age_range.value), plain(age_range.label)):
            return age_range
    if "menor" in key or "menos" in key:
        return AgeRange.MENOR_18
    number = re.match(r"\d+", key)
    if number is None or int(number.group()) > 120:
        raise ValueError(f"La edad «{echoed(text)}» no es válida; escriba los años o un rango como «30 a 44».")
    years = int(number.group())
    for limit, age_range in ((18, AgeRange.MENOR_18), (30, AgeRange.DE_18_29), (45, AgeRange.DE_30_44),
                             (60, AgeRange.DE_45_59)):
        if years < limit:
            return age_range
    return AgeRange.DE_60


# Words of the PNT's answer types, checked in this order ("negativa por ser reservada o
# confidencial" is a reserva; "entrega de información en medio electrónico" a total delivery).
SENSE_WORDS = (("parcial", AnswerSense.ENTREGA_PARCIAL), ("inexist", AnswerSense.INEXISTENCIA),
               ("reserv", AnswerSense.RESERVADA), ("confidencial", AnswerSense.CONFIDENCIAL),
               ("competen", AnswerSense.INCOMPETENCIA), ("disponible", AnswerSense.PUBLICA),
               ("publica", AnswerSense.PUBLICA), ("entrega", AnswerSense.ENTREGA_TOTAL),
               ("total", AnswerSense.ENTREGA_TOTAL))
PENDING = ("en proceso", "pendiente", "sin respuesta", "en tramite", "en espera")


ACCESS_SENSES = "entrega total, entrega parcial, inexistencia, reservada, confidencial, incompetencia o pública"
ARCO_SENSES = "procedente, procedente en parte, inexistencia, incompetencia o improcedente"


@lru_cache(maxsize=4096)
def sense_of(text: str, kind: RequestKind = RequestKind.ACCESO) -> AnswerSense | None:
    """The sense of an answer, in the words of the request's law (an ARCO answer also in the access words the
    PNT uses for every request); None while it is still in course."""
    key = plain(text)
    if not key or key in PENDING:
        return None
    arco_sense = _arco_sense(key)
    if arco_sense is not None:
        if kind == RequestKind.ARCO:
            return arco_sense
        # Most likely an ARCO row whose Tipo was left blank: filed as access it would lose the holder's checks.
        raise ValueError(f"El sentido «{echoed(text)}» es de una respuesta ARCO: si la solicitud es ARCO, escríbalo "
                         f"en la columna Tipo; si es de acceso, use {ACCESS_SENSES}.")
    for sense in AnswerSense:
        if key in (sense.value.replace("_", " "), plain(sense.label)) and sense != AnswerSense.AMPLIACION:
            return sense
    for word, sense in SENSE_WORDS:
        if word in key:
            return sense
    raise ValueError(f"El sentido de la respuesta «{echoed(text)}» no se reconoce; use "
                     f"{ARCO_SENSES if kind == RequestKind.ARCO else ACCESS_SENSES}.")


def _arco_sense(key: str) -> AnswerSense | None:
    """The words only an ARCO answer uses, stored as the ARCO answer form stores them (models.ARCO_SENSE_LABELS:
    «Procedente» is an entrega total, «Procedente en parte» an entrega parcial), or None."""
    if "improced" in key or "no proced" in key:
        return AnswerSense.IMPROCEDENTE
    if "proced" not in key:
        return None
    return AnswerSense.ENTREGA_PARCIAL if "parte" in key or "parcial" in key else AnswerSense.ENTREGA_TOTAL


@lru_cache(maxsize=256)
def arco_right_of(text: str) -> ArcoRight | None:
    key = plain(text)
    if not key:
        return None
    for right in ArcoRight:
        if right.value[:6] in key:
            return right
    raise ValueError(f"El derecho «{echoed(text)}» no es válido; use acceso, rectificación, cancelación, oposición o "
                     "portabilidad.")


def parse_row(export: Export, line: int, values: tuple, tz_name: str, now: datetime) -> RequestRow | RowProblem:
    """A data row as a request, or every reason it cannot be one (in one Spanish sentence each); `now` is the
    organization's clock (engine.clock.now_in), which no date of the row may be after."""
    def cell(field: str):
        position = export.columns.get(field)
        return values[position] if position is not None and position < len(values) else None

    problems: list[str] = []
    folio = text_of(cell("folio"))
    if not folio:
        problems.append("Falta el folio de la PNT.")
    elif len(folio) > 40:
        problems.append("El folio de la PNT admite hasta 40 caracteres.")
    elif SCIENTIFIC.fullmatch(folio):
        problems.append(f"El folio de la PNT «{folio}» está en notación científica: Excel lo convirtió en número y "
                        "perdió sus últimas cifras. Tómelo del archivo que exportó la PNT; para abrir ese archivo en "
                        "Excel sin que cambie el folio, use Datos → Desde texto/CSV y elija el tipo Texto para la "
                        "columna Folio (o dé a la columna formato de Texto antes de pegar los folios).")
    received = _date_field(cell("recibida"), "de recepción", tz_name, now, problems, required=True)
    answered = _date_field(cell("respondida"), "de respuesta", tz_name, now, problems)
    if received and answered and answered[0] < received[0]:
        problems.append("La fecha de respuesta es anterior a la de recepción.")
    texts = {field: text_of(cell(field)) for field in TEXTS}
    if not texts["descripcion"]:
        problems.append("Falta la descripción de la solicitud.")
    for field, limit in LIMITS.items():
        if len(texts[field]) > limit:
            problems.append(f"La columna {LIMITED_NAMES[field]} admite hasta {_number(limit)} caracteres "
                            f"(tiene {_number(len(texts[field]))}).")
    choices = {}
    # The sense after the type: an ARCO answer has words of its own («Procedente»).
    for field, reader in (("tipo", kind_of), ("medio", channel_of), ("sexo", sex_of), ("edad", age_range_of),
                          ("sentido", lambda text: sense_of(text, choices.get("tipo", RequestKind.ACCESO))),
                          ("derecho", arco_right_of)):
        try:
            choices[field] = reader(text_of(cell(field)))
        except ValueError as exc:
            problems.append(str(exc))
    if choices.get("sentido") and not answered and not problems:
        problems.append("Tiene sentido de respuesta pero no fecha de respuesta.")
    # An answer without its sense would be counted as answered but under no sense in the reports.
    if answered and "sentido" in choices and choices["sentido"] is None:
        problems.append("Tiene fecha de respuesta pero no el sentido de la respuesta (columna Respuesta).")
    before_the_law = received_before_the_law(choices["tipo"], received[0]) if received and "tipo" in choices else None
    if before_the_law:
        # Open or answered: a request received before its law took effect never had terms under it.
        problems.append(before_the_law)
    if choices.get("tipo") == RequestKind.ARCO:
        # History may lack the right; a request still in course cannot (an unreadable one is reported above).
        right_missing = not answered and "derecho" in choices and choices["derecho"] is None
        problems += _arco_problems(texts, right_missing)
    if problems:
        return RowProblem(line, echoed(folio), " ".join(problems))
    return RequestRow(line, folio, choices["tipo"], choices["medio"], received[0], received[1],
                      texts["descripcion"], texts["tema"], texts["nombre"], choices["sexo"], choices["edad"],
                      texts["ocupacion"], canonical_entidad(texts["estado"]), choices["sentido"],
                      answered[0] if answered else None,
                      choices["derecho"], texts["titular"] or texts["nombre"], texts["representante"],
                      texts["documento"], texts["area"])


def _arco_problems(texts: dict[str, str], right_missing: bool) -> list[str]:
    """What the ARCO registration form would refuse in the row, in its words; an answered row too, since a
    request without its holder's name and identity document was never a valid ARCO request."""
    fields = RegisterArcoForm.model_fields
    problems = []
    if right_missing:
        problems.append(f"{fields['derecho'].title}: Este campo es obligatorio.")
    holder = holder_problem(texts["titular"] or texts["nombre"])
    if holder:
        problems.append(f"{fields['titular'].title}: {holder}")
    if not texts["documento"]:
        problems.append(f"{fields['documento_identidad'].title}: {IDENTITY_MISSING}")
    return problems


def _date_field(value, name: str, tz_name: str, now: datetime, problems: list[str],
                required: bool = False) -> tuple[date, time | None] | None:
    if value in (None, ""):
        if required:
            problems.append(f"Falta la fecha {name}.")
        return None
    try:
        moment = moment_of(value, tz_name)
    except (ValueError, OverflowError):
        problems.append(f"La fecha {name} «{echoed(text_of(value))}» no es válida; use DD/MM/AAAA o AAAA-MM-DD.")
        return None
    day, clock = moment
    if day > now.date():
        problems.append(f"La fecha {name} no puede ser posterior a hoy.")
    elif day == now.date() and clock is not None and clock > now.time().replace(tzinfo=None):
        # As the registration form refuses it (engine.forms.RECEPTION_HOUR_ALREADY_HAPPENED): a term counted
        # from a moment still to come would start on the wrong day.
        problems.append(f"La hora {name} ({clock:%H:%M}) no puede ser posterior a este momento "
                        f"(son las {now:%H:%M}).")
    elif day.year < 2000:
        problems.append(f"Revise el año de la fecha {name}.")
    else:
        return moment
    return None
