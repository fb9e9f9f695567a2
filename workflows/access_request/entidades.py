"""The entidades federativas a requester may live in, for the registration forms and the PNT import.

The names are the ones people use (Estado de México, Veracruz), one per entity, so that the
statistics and open data count each entity once however it was written."""

from engine.labels import plain

ABROAD = "Fuera de México"
ENTIDADES = ("Aguascalientes", "Baja California", "Baja California Sur", "Campeche", "Chiapas", "Chihuahua",
             "Ciudad de México", "Coahuila", "Colima", "Durango", "Estado de México", "Guanajuato", "Guerrero",
             "Hidalgo", "Jalisco", "Michoacán", "Morelos", "Nayarit", "Nuevo León", "Oaxaca", "Puebla",
             "Querétaro", "Quintana Roo", "San Luis Potosí", "Sinaloa", "Sonora", "Tabasco", "Tamaulipas",
             "Tlaxcala", "Veracruz", "Yucatán", "Zacatecas", ABROAD)

# Other ways the same entities are written: official names (INEGI), abbreviations, the old Distrito Federal.
_OTHER_NAMES = {
    "Ciudad de México": ("cdmx", "distrito federal", "df", "mexico df", "mexico city"),
    "Coahuila": ("coahuila de zaragoza",),
    "Querétaro": ("queretaro de arteaga",),
    "Estado de México": ("mexico", "edomex", "edo mex", "edo de mexico", "estado de mexico"),
    "Michoacán": ("michoacan de ocampo",),
    "Veracruz": ("veracruz de ignacio de la llave",),
    ABROAD: ("extranjero", "otro pais", "fuera del pais", "otro"),
}
_BY_PLAIN = {plain(name): name for name in ENTIDADES} | {
    other: name for name, others in _OTHER_NAMES.items() for other in others}

OPTIONS = [(name, name) for name in ENTIDADES]


def canonical_entidad(text: str) -> str:
    """The list's name for an entity however it was written; text that names none stays as it came
    (a PNT export is kept, not lost), trimmed."""
    return _BY_PLAIN.get(plain(text), text.strip())
