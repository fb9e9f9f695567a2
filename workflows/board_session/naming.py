"""Names and numbers of sessions and acuerdos, the dates, hours and counts an acta writes in words, and the
place a session is held in as a sentence says it."""

from datetime import date, datetime, time

from num2words import num2words

from engine.business_calendar import Unit
from engine.documents import CAPITAL, city_key, long_date
from engine.labels import counted, in_a_series, plain, unaccented
from workflows.board_session.models import Gender, MemberRole, role_name


def feminine_ordinal(n: int) -> str:
    """1 → "primera", 11 → "décima primera", 21 → "vigésima primera" (the usage of actas)."""
    masculine = num2words(n, lang="es", to="ordinal")
    # num2words writes 11–19 as one word ("décimoprimero"); actas write "décima primera".
    if masculine.startswith("décimo") and masculine != "décimo":
        masculine = "décimo " + masculine[len("décimo"):]
    return " ".join(word[:-1] + "a" if word.endswith("o") else word for word in masculine.split())


def session_name(kind_label: str, number: int) -> str:
    """"Primera Sesión Extraordinaria", "Segunda Sesión Ordinaria"; "Sesión Ordinaria sin número" for one
    cancelled before its convocatoria went out, which gave its number to the sessions after it."""
    if number <= 0:
        return f"Sesión {kind_label} sin número"
    return f"{feminine_ordinal(number).title()} Sesión {kind_label}"


def title_of(board_session, board) -> str:
    """"Primera Sesión Extraordinaria del Comité Coordinador"."""
    return f"{session_name(board_session.kind.label, board_session.number)} {of_body(board.name)}"


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


def cardinal_before_noun(n: int, feminine: bool = False) -> str:
    """The number as it reads before its noun: «un voto», «veintiún minutos», «una abstención»,
    «doscientas abstenciones» (num2words writes the number alone: «uno», «veintiuno»)."""
    words = cardinal(n)
    if feminine:
        words = words.replace("ientos", "ientas")
        return words[:-3] + "una" if words.endswith("uno") else words
    if words.endswith("veintiuno"):
        return words[:-len("veintiuno")] + "veintiún"
    return words[:-3] + "un" if words.endswith("uno") else words


def counted_in_words(n: int, one: str, many: str, feminine: bool = False) -> str:
    """«un voto», «tres votos», «una abstención», «cero abstenciones»: a count an acta writes in words."""
    return f"{cardinal_before_noun(n, feminine)} {one if n == 1 else many}"


def vote_count(votes_for: int, against: int, abstentions: int, words: bool = False) -> str:
    """«2 votos a favor, 1 en contra y 1 abstención» (in words: «dos votos a favor, uno en contra y una
    abstención»): how the acta, the certificación, the room and the portal state a vote's result."""
    if words:
        return (f"{counted_in_words(votes_for, 'voto', 'votos')} a favor, {cardinal(against)} en contra y "
                f"{counted_in_words(abstentions, 'abstención', 'abstenciones', feminine=True)}")
    return (f"{counted(votes_for, 'voto', 'votos')} a favor, {against} en contra y "
            f"{counted(abstentions, 'abstención', 'abstenciones')}")


def vote_result(votes_for: int, against: int, abstentions: int, approved: bool = True) -> str:
    """A vote's result as an acta and a certificación state it, in words: «por unanimidad de votos de los tres
    integrantes presentes con derecho a voto», «con cuatro votos a favor y uno en contra» (what nobody cast is not
    said). Not approved though all voted for it (a qualified majority not reached), it is no «unanimidad»."""
    cast = votes_for + against + abstentions
    if votes_for == cast == 1:
        return "con el voto a favor del único integrante presente con derecho a voto"
    if votes_for == cast and approved:
        return (f"por unanimidad de votos de los {counted_in_words(cast, 'integrante', 'integrantes')} presentes con "
                "derecho a voto")
    parts = [f"{counted_in_words(votes_for, 'voto', 'votos') if votes_for else 'ningún voto'} a favor"]
    if against:
        parts.append(f"{cardinal(against)} en contra")
    if abstentions:
        parts.append(counted_in_words(abstentions, "abstención", "abstenciones", feminine=True))
    return f"con {in_a_series(parts)}"


def term_in_words(days: int, unit: Unit) -> str:
    """«cinco días naturales», «un día hábil»: an anticipación as a convocatoria states it."""
    return f"{cardinal_before_noun(days)} {unit.amount(days).split(' ', 1)[1]}"


def spoken_date(day: date) -> str:
    """"treinta de abril de dos mil veintiuno"; the first of a month is "primero"."""
    months = long_date(day).split(" de ")[1]
    ordinal_day = "primero" if day.day == 1 else cardinal(day.day)
    return f"{ordinal_day} de {months} de {cardinal(day.year)}"


def spoken_time(moment: time | datetime) -> str:
    """"diez horas", "trece horas con un minuto", "diez horas con treinta minutos"."""
    hours = counted_in_words(moment.hour, "hora", "horas", feminine=True)
    if moment.minute == 0:
        return hours
    return f"{hours} con {counted_in_words(moment.minute, 'minuto', 'minutos')}"


def hour_and_day(moment: datetime) -> str:
    """"las diez horas del día treinta de abril de dos mil veintiuno": after «siendo», «convocada para»."""
    the = "la" if moment.hour == 1 else "las"
    return f"{the} {spoken_time(moment)} del día {spoken_date(moment.date())}"


def spoken_moment(moment: datetime) -> str:
    """"a las diez horas del día treinta de abril de dos mil veintiuno" (a local time)."""
    return f"a {hour_and_day(moment)}"


# A place named without its article takes the one of its first noun: «en la Sala de juntas», «en el
# Auditorio». Most nouns ending in -a, -ión, -dad… are feminine; these are the places that are not, or
# that take «el» though feminine (a stressed a: «el aula»).
MASCULINE_PLACES = {"aula", "area", "mapa", "planetario", "anexo", "salon", "despacho", "recinto", "edificio",
                    "auditorio", "palacio", "foro", "centro", "hotel", "museo", "teatro", "patio", "piso",
                    "congreso", "tribunal", "instituto", "lugar", "domicilio", "inmueble", "pleno", "club", "hall",
                    "espacio", "modulo", "estudio", "local", "comedor", "gimnasio", "casino", "parque", "jardin",
                    "cuarto", "vestibulo", "lobby", "nivel"}
FEMININE_PLACES = {"calle", "torre", "sede", "nave", "suite", "clase", "planta", "terraza"}
ARTICLES = {"el", "la", "los", "las", "un", "una", "unos", "unas", "en", "su", "sus", "nuestra", "nuestro"}


def place_phrase(place: str, city: str = "", city_said: bool = True) -> str:
    """«en la Sala de juntas», «en el Auditorio», «en el Auditorio» (given as «el Auditorio»), «en las
    Oficinas centrales»; a place given as an address or an acronym keeps no article («en Av. Central 123»),
    nor one given as a city («en Tuxtla Gutiérrez», «en San Cristóbal de las Casas, Chiapas»).
    `city` is the organization's; when the sentence already names it (`city_said`) the place leaves it out:
    «Sala de juntas, Tuxtla Gutiérrez, Chiapas» → «en la Sala de juntas»; a place that is only the city adds
    nothing («»)."""
    place = " ".join(place.split())
    if city_said:
        place = _without_city(place, city)
    if not place:
        return ""
    first = place.split()[0]
    word = unaccented(first).strip(".,;:")
    if word == "en":
        return place
    if plain(place.split(",")[0]) == plain(CAPITAL):  # the one city named with its article
        return f"en la {place}"
    if (word in ARTICLES or not word.isalpha() or first.isupper() or first.endswith(".")
            or _names_a_city(place, city)):
        return f"en {place}"
    return f"en {_article(word)} {place}"


# A city's name takes no article; these first words mark a town's name («San Cristóbal de las Casas»,
# «Heroica Ciudad de Juchitán»), not a room's.
TOWN_WORDS = {"san", "santa", "santo", "santiago", "heroica"}


def _names_a_city(place: str, city: str) -> bool:
    """Whether the place, up to its first comma, is a city: the organization's own, a town's
    name, or a name followed only by the organization's state («Tapachula, Chiapas»)."""
    parts = [p.strip() for p in place.split(",")]
    named = [city_key(p) for p in city.split(",") if p.strip()]
    first = city_key(parts[0])
    if named and first == named[0]:
        return True
    if unaccented(parts[0].split()[0]) in TOWN_WORDS:
        return True
    return len(parts) == 2 and len(named) == 2 and city_key(parts[1]) == named[1]


def city_phrase(city: str) -> str:
    """«en la ciudad de Tuxtla Gutiérrez, Chiapas», «en la Ciudad de México», «en Ciudad Juárez, Chihuahua»
    (a city named «Ciudad …» is not «la ciudad de Ciudad Juárez»); "" without a city."""
    if not city.strip():
        return ""
    if city_key(city.split(",")[0]) == city_key(CAPITAL):
        return f"en la {CAPITAL}"
    if plain(city).startswith(("ciudad ", "cd ")):
        return f"en {city}"
    return f"en la ciudad de {city}"


def _without_city(place: str, city: str) -> str:
    """The place without the parts at its end that name the city (or its state) already said."""
    named = {city_key(p) for p in city.split(",") if p.strip()}
    parts = [p.strip() for p in place.split(",")]
    while parts and named and city_key(parts[-1]) in named:
        parts.pop()
    return ", ".join(parts)


def _article(word: str) -> str:
    if word in MASCULINE_PLACES:
        return "el"
    if word in FEMININE_PLACES:
        return "la"
    if word.endswith(("as", "ones", "dades", "tades")):
        return "las"
    if word.endswith(("os", "es")) and len(word) > 3:
        return "los"
    return "la" if word.endswith(("a", "ion", "dad", "tad", "tud", "umbre")) else "el"


# Bodies whose name starts with a feminine noun take "de la": "de la Comisión Ejecutiva",
# "de la Junta de Gobierno"; the others "del": "del Comité Coordinador", "del Órgano de Gobierno".
FEMININE_NOUNS = {"comisión", "junta", "asamblea", "mesa", "sala", "coordinación", "contraloría", "secretaría",
                  "unidad", "dirección", "subcomisión"}
# And the institutions (sujetos obligados) whose first noun ends as feminine ones do: «la Fiscalía General»,
# «la Auditoría Superior», «la Universidad Autónoma», «la Comisión Estatal».
FEMININE_ENDINGS = ("ía", "ión", "dad")


def the_body(name: str) -> str:
    """«la Secretaría Ejecutiva del …», «el Comité Coordinador»: a body or an institution named as a subject."""
    first = name.split()[0].lower() if name.split() else ""
    return f"la {name}" if first in FEMININE_NOUNS or first.endswith(FEMININE_ENDINGS) else f"el {name}"


def of_body(name: str) -> str:
    """«del Comité Coordinador», «de la Comisión Ejecutiva»."""
    named = the_body(name)
    return "d" + named if named.startswith("el ") else "de " + named


# The titles that say a person's gender take its article before a name: «el Mtro.», «la Mtra.». Those that do
# not (Lic., Ing., C.P., C.) take the article of the gender recorded for the person, and none while it is
# unspecified: «del Lic. Mario Gutiérrez», «de la Lic. Ana Moreno», «de Lic. …». A name without a title
# never takes one («de Juan Pérez»).
MASCULINE_TITLES = {"mtro", "dr", "mgdo", "prof", "sr", "licdo", "arq"}
FEMININE_TITLES = {"mtra", "dra", "mgda", "profa", "sra", "srita", "licda", "arqa"}
UNGENDERED_TITLES = {"lic", "ing", "c", "cp", "cpc", "lcp", "act", "mvz", "qfb", "dip", "sen", "mag"}
CONTRACTIONS = {("de", "el"): "del", ("a", "el"): "al"}
ARTICLE_OF = {Gender.MASCULINE: "el", Gender.FEMININE: "la"}


def _title(name: str) -> str:
    """«Mtra.» → "mtra", «C.P.» → "cp": the first word of a name as the tables above hold titles."""
    words = name.split()
    return unaccented(words[0]).replace(".", "").lower() if words else ""


def gender_of(name: str, gender: Gender = Gender.UNSPECIFIED) -> Gender:
    """The gender recorded for a person, or else the one the title of the name shows («Mtra.»)."""
    if gender != Gender.UNSPECIFIED:
        return gender
    title = _title(name)
    return (Gender.MASCULINE if title in MASCULINE_TITLES else Gender.FEMININE if title in FEMININE_TITLES
            else Gender.UNSPECIFIED)


def role_held(role: MemberRole, name: str, gender: Gender = Gender.UNSPECIFIED) -> str:
    """«Presidenta», «Secretario Técnico»: the role as the person holds it, worded as the documents word them."""
    return role_name(role, gender_of(name, gender))


def person_after(preposition: str, name: str, gender: Gender = Gender.UNSPECIFIED) -> str:
    """«del Mtro. Hugo Ruiz», «de la Mtra. Ana Paz», «por el Dr. Luis Mora», «de la Lic. Ana Moreno» (a woman);
    untitled «de Juan Pérez»."""
    # A gendered title has its own article (it agrees with the word written); an ungendered one, the person's.
    article = ARTICLE_OF.get(gender if _title(name) in UNGENDERED_TITLES else gender_of(name), "")
    contracted = CONTRACTIONS.get((preposition.lower(), article))
    if contracted:
        return f"{contracted} {name}"
    return " ".join(word for word in (preposition, article, name) if word)


def people_after(preposition: str, people: list[tuple[str, Gender]]) -> str:
    """«por el Mtro. Hugo Ruiz y la Mtra. Ana Paz»: the preposition once, each (name, gender) with its article."""
    written = [person_after(preposition if n == 0 else "", name, gender) for n, (name, gender) in enumerate(people)]
    return written[0] if len(written) == 1 else f"{', '.join(written[:-1])} y {written[-1]}"


def undersigned(name: str, gender: Gender = Gender.UNSPECIFIED) -> str:
    """«La suscrita» for a woman; «El suscrito» for a man, and as documents said it while unspecified."""
    return "La suscrita" if gender_of(name, gender) == Gender.FEMININE else "El suscrito"
