"""Names and numbers of sessions and acuerdos, and the dates and hours an acta writes in words."""

from datetime import date, datetime, time

from num2words import num2words

from engine.documents import long_date


def feminine_ordinal(n: int) -> str:
    """1 → "primera", 11 → "décima primera", 21 → "vigésima primera" (the usage of actas)."""
    masculine = num2words(n, lang="es", to="ordinal")
    # num2words writes 11–19 as one word ("décimoprimero"); actas write "décima primera".
    if masculine.startswith("décimo") and masculine != "décimo":
        masculine = "décimo " + masculine[len("décimo"):]
    return " ".join(word[:-1] + "a" if word.endswith("o") else word for word in masculine.split())


def session_name(kind_label: str, number: int) -> str:
    """"Primera Sesión Extraordinaria", "Segunda Sesión Ordinaria"."""
    return f"{feminine_ordinal(number).title()} Sesión {kind_label}"


def title_with_year(board_session, board) -> str:
    """"Primera Sesión Ordinaria 2027 del Órgano de Gobierno": in lists where a body's sessions of
    several years meet (Mis plazos, the inbox), where the same ordinal comes back every year."""
    name = session_name(board_session.kind.label, board_session.number)
    return f"{name} {board_session.year} {of_body(board.name)}"


def convocatoria_term_title(board_session, board) -> str:
    return f"Convocatoria a la {title_with_year(board_session, board)}"[:300]


def resolution_number(template: str, seq: int, year: int, board: str, organization: str) -> str:
    return template.format(seq=seq, year=year, board=board, organization=organization)


def cardinal(n: int) -> str:
    return num2words(n, lang="es")


def spoken_date(day: date) -> str:
    """"treinta de abril de dos mil veintiuno"; the first of a month is "primero"."""
    months = long_date(day).split(" de ")[1]
    ordinal_day = "primero" if day.day == 1 else cardinal(day.day)
    return f"{ordinal_day} de {months} de {cardinal(day.year)}"


def spoken_time(moment: time | datetime) -> str:
    """"diez horas", "trece horas con un minuto", "diez horas con treinta minutos"."""
    hours = "una hora" if moment.hour == 1 else f"{cardinal(moment.hour)} horas"
    if moment.minute == 0:
        return hours
    minutes = "un minuto" if moment.minute == 1 else f"{cardinal(moment.minute)} minutos"
    return f"{hours} con {minutes}".replace("veintiuno minutos", "veintiún minutos")


def spoken_moment(moment: datetime) -> str:
    """"a las diez horas del día treinta de abril de dos mil veintiuno" (a local time)."""
    at = "a la" if moment.hour == 1 else "a las"
    return f"{at} {spoken_time(moment)} del día {spoken_date(moment.date())}"


# Bodies whose name starts with a feminine noun take "de la": "de la Comisión Ejecutiva",
# "de la Junta de Gobierno"; the others "del": "del Comité Coordinador", "del Órgano de Gobierno".
FEMININE_NOUNS = {"comisión", "junta", "asamblea", "mesa", "sala", "coordinación", "contraloría", "secretaría",
                  "unidad", "dirección", "subcomisión"}


def of_body(name: str) -> str:
    first = name.split()[0].lower() if name.split() else ""
    return f"de la {name}" if first in FEMININE_NOUNS else f"del {name}"
