"""Access-to-information and ARCO requests, the areas' answers, Comité cases and recursos.

One table for both kinds of request (`RequestKind`): they share the folio series, the list, the
statistics and the public lookup; ARCO adds the holder's identity and the right exercised.
"""

from datetime import date, datetime

from sqlalchemy import JSON, Text
from sqlmodel import Field, Index, SQLModel, UniqueConstraint

from engine.clock import utcnow
from engine.labels import LabeledEnum


class RequestKind(LabeledEnum):
    ACCESO = "acceso", "Acceso a la información"
    ARCO = "arco", "Derechos ARCO"

    @property
    def party(self) -> str:
        """Who asked, as the law names them: the titular of the personal data (LGPDPPSO) or the solicitante."""
        return "el titular" if self == RequestKind.ARCO else "el solicitante"


class RequestChannel(LabeledEnum):
    PNT = "pnt", "Plataforma Nacional de Transparencia"
    CORREO = "correo", "Correo electrónico"
    PRESENCIAL = "presencial", "En persona (Unidad de Transparencia)"
    OFICIALIA = "oficialia", "Oficialía de partes"
    POSTAL = "postal", "Correo postal"


class RequesterKind(LabeledEnum):
    NOMBRE = "nombre", "Con nombre"
    SEUDONIMO = "seudonimo", "Seudónimo"
    ANONIMO = "anonimo", "Anónimo"


class Sex(LabeledEnum):
    MUJER = "mujer", "Mujer"
    HOMBRE = "hombre", "Hombre"
    OTRO = "otro", "Otro"
    NO_DICE = "no_dice", "Prefiere no decir"


class AgeRange(LabeledEnum):
    MENOR_18 = "menor_18", "Menos de 18 años"
    DE_18_29 = "18_29", "18 a 29 años"
    DE_30_44 = "30_44", "30 a 44 años"
    DE_45_59 = "45_59", "45 a 59 años"
    DE_60 = "60_mas", "60 años o más"
    NO_DICE = "no_dice", "Prefiere no decir"


class ArcoRight(LabeledEnum):
    ACCESO = "acceso", "Acceso"
    RECTIFICACION = "rectificacion", "Rectificación"
    CANCELACION = "cancelacion", "Cancelación"
    OPOSICION = "oposicion", "Oposición"
    PORTABILIDAD = "portabilidad", "Portabilidad"


class RequestStatus(LabeledEnum):
    REGISTERED = "registrada", "Registrada"
    PREVENTED = "prevenida", "Prevenida (plazo en pausa)"
    TURNED = "turnada", "Turnada a las áreas"
    IN_COMMITTEE = "en_comite", "En el Comité de Transparencia"
    # Back at the Unidad's analysis after it was turned (an area returned it, the Comité extended the term
    # or revoked, the Unidad went back from the answer): to turn it again, not just registered.
    REANALYSIS = "en_analisis", "De nuevo en análisis"
    ANSWERING = "por_responder", "Por responder"
    ANSWERED = "respondida", "Respondida"
    EFFECTIVE = "efectiva", "Derecho hecho efectivo"
    NOT_PRESENTED = "no_presentada", "No presentada"
    INCOMPETENT = "incompetencia", "Respondida por incompetencia"
    APPEALED = "en_recurso", "En recurso de revisión"
    CONCLUDED = "concluida", "Concluida"


# What the órgano garante's resolution of a recurso did, as a sentence says it.
APPEAL_OUTCOMES = {"confirma": "confirmó la respuesta", "modifica": "modificó la respuesta",
                   "revoca": "revocó la respuesta", "sobresee": "sobreseyó el recurso", "desecha": "desechó el recurso"}


class AnswerSense(LabeledEnum):
    """The sense of an area's answer, and of the request's final answer."""

    ENTREGA_TOTAL = "entrega_total", "Entrega total"
    ENTREGA_PARCIAL = "entrega_parcial", "Entrega parcial"
    INEXISTENCIA = "inexistencia", "Inexistencia"
    RESERVADA = "reservada", "Clasificada como reservada"
    CONFIDENCIAL = "confidencial", "Clasificada como confidencial"
    INCOMPETENCIA = "incompetencia", "Incompetencia"
    PUBLICA = "publica", "Información pública disponible"
    AMPLIACION = "ampliacion", "Solicita ampliación del plazo"
    # ARCO only: a cause of improcedencia of the law (e.g. the holder is not who asks).
    IMPROCEDENTE = "improcedente", "Improcedente"


# The senses of an ARCO answer, as the ARCO answer form offers them.
ARCO_SENSE_LABELS = {AnswerSense.ENTREGA_TOTAL: "Procedente", AnswerSense.ENTREGA_PARCIAL: "Procedente en parte",
                     AnswerSense.INEXISTENCIA: "Inexistencia de los datos"}


def sense_label(kind: "RequestKind | str", sense: "AnswerSense | str | None") -> str:
    """A sense of answer as the request's own law names it («Procedente» for an ARCO right)."""
    if sense is None:
        return ""
    sense = AnswerSense(sense)
    return ARCO_SENSE_LABELS.get(sense, sense.label) if kind == RequestKind.ARCO else sense.label


# Answers that deliver nothing, nor make a right effective: the information or the data do not exist, the body
# is not competent, the ARCO request does not proceed. Their oficio says no modality of delivery.
DELIVERS_NOTHING = {AnswerSense.INEXISTENCIA, AnswerSense.INCOMPETENCIA, AnswerSense.IMPROCEDENTE}

# Senses the Comité de Transparencia must confirm, modify or revoke before the answer goes out.
SENSES_FOR_COMMITTEE = {AnswerSense.INEXISTENCIA, AnswerSense.RESERVADA, AnswerSense.CONFIDENCIAL,
                        AnswerSense.INCOMPETENCIA, AnswerSense.AMPLIACION}


class DeliveryMode(LabeledEnum):
    ELECTRONICA = "electronica", "Medio electrónico (PNT o correo)"
    CONSULTA = "consulta_directa", "Consulta directa"
    COPIA_SIMPLE = "copia_simple", "Copia simple"
    COPIA_CERTIFICADA = "copia_certificada", "Copia certificada"
    OTRO = "otro", "Otro medio"


# Deliveries counted in hojas.
COPIES = (DeliveryMode.COPIA_SIMPLE, DeliveryMode.COPIA_CERTIFICADA)


class TransparencyRequest(SQLModel, table=True):
    __table_args__ = (
        UniqueConstraint("organization_id", "folio"),
        # A request of the PNT is the same request however many times its export is imported.
        UniqueConstraint("organization_id", "pnt_folio"),
        Index("ix_request_list", "organization_id", "kind", "status", "received_at"),
        # Statistics read a period of every kind and status.
        Index("ix_request_received", "organization_id", "received_at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    organization_id: int = Field(foreign_key="organization.id")
    kind: RequestKind = Field(max_length=10)
    folio: str = Field(max_length=60)
    year: int
    seq: int
    pnt_folio: str | None = Field(default=None, max_length=40)
    channel: RequestChannel = Field(max_length=20)
    correspondence_id: int | None = Field(default=None, foreign_key="correspondence.id")
    received_at: datetime
    description: str = Field(sa_type=Text)
    topic: str = Field(default="", max_length=120, index=True)
    # Who asked. Access requests may be anonymous or under a pseudonym; ARCO needs the holder.
    requester_kind: RequesterKind = Field(default=RequesterKind.NOMBRE, max_length=20)
    requester_name: str = Field(default="", max_length=200)
    contact: str = Field(default="", max_length=300)
    # Statistics only, each optional with "prefiere no decir".
    sex: Sex = Field(default=Sex.NO_DICE, max_length=10)
    age_range: AgeRange = Field(default=AgeRange.NO_DICE, max_length=10)
    occupation: str = Field(default="", max_length=120)
    state: str = Field(default="", max_length=60)
    # ARCO: the right exercised, the holder, a representative, and when identity was verified.
    arco_right: ArcoRight | None = Field(default=None, max_length=20)
    holder_name: str = Field(default="", max_length=200)
    representative_name: str = Field(default="", max_length=200)
    identity_document: str = Field(default="", max_length=200)
    identity_verified_at: datetime | None = None
    rule_set_code: str = Field(max_length=60)
    status: RequestStatus = Field(default=RequestStatus.REGISTERED, max_length=20)
    response_deadline_id: int | None = Field(default=None, foreign_key="deadline.id")
    answer_sense: AnswerSense | None = Field(default=None, max_length=20)
    answer_text: str = Field(default="", sa_type=Text)
    answered_on: date | None = None
    delivery_mode: DeliveryMode | None = Field(default=None, max_length=20)
    cost: float = 0
    pages: int | None = None  # hojas delivered in copies (the first ones may be free by law)
    oficio_file_id: int | None = Field(default=None, foreign_key="storedfile.id")
    oficio_number: str = Field(default="", max_length=80)  # the oficio de respuesta's, e.g. UT/0007/2026
    public_version_file_id: int | None = Field(default=None, foreign_key="storedfile.id")
    extended: bool = False
    competent_body: str = Field(default="", max_length=250)
    instance_id: int | None = Field(default=None, foreign_key="processinstance.id", index=True)
    registered_by: int | None = Field(default=None, foreign_key="user.id")
    created_at: datetime = Field(default_factory=utcnow)
    closed_at: datetime | None = None

    @property
    def answer_label(self) -> str:
        """The sense of the answer as its own law names it: an ARCO right is «procedente», not «entregado»."""
        return sense_label(self.kind, self.answer_sense)


class RequestTurnStatus(LabeledEnum):
    PENDING = "pendiente", "Pendiente"
    ANSWERED = "respondido", "Respondido"
    RETURNED = "devuelto", "Devuelto (no le corresponde)"


class RequestTurn(SQLModel, table=True):
    """A request turned to one area, with its internal deadline and the area's answer."""

    # An enlace's list and the area filter read the turns of one area by status.
    __table_args__ = (Index("ix_requestturn_area_status", "area_id", "status", "request_id"),)

    id: int | None = Field(default=None, primary_key=True)
    organization_id: int = Field(foreign_key="organization.id", index=True)
    request_id: int = Field(foreign_key="transparencyrequest.id", index=True)
    area_id: int = Field(foreign_key="area.id", index=True)
    round: int = 1
    instruction: str = Field(default="", sa_type=Text)
    deadline_id: int | None = Field(default=None, foreign_key="deadline.id", index=True)
    status: RequestTurnStatus = Field(default=RequestTurnStatus.PENDING, max_length=20)
    sense: AnswerSense | None = Field(default=None, max_length=20)
    answer: str = Field(default="", sa_type=Text)
    file_ids: list = Field(default_factory=list, sa_type=JSON)
    answered_by: int | None = Field(default=None, foreign_key="user.id")
    answered_at: datetime | None = None
    # When the Unidad turned it; None for a turn imported with an answered request, whose file says
    # which area answered but not when it was turned (created_at is then the day of the import).
    turned_at: datetime | None = None
    created_at: datetime = Field(default_factory=utcnow)


class CommitteeCaseKind(LabeledEnum):
    AMPLIACION = "ampliacion", "Ampliación del plazo"
    CLASIFICACION = "clasificacion", "Clasificación de la información"
    INEXISTENCIA = "inexistencia", "Inexistencia"
    INCOMPETENCIA = "incompetencia", "Incompetencia"


class CommitteeResolution(LabeledEnum):
    CONFIRMA = "confirma", "Confirma"
    MODIFICA = "modifica", "Modifica"
    REVOCA = "revoca", "Revoca"


def resolution_key(number: str) -> str | None:
    """A Comité resolution number as two of them are compared: without surrounding spaces or capitals; None
    for no number (a case not yet resolved)."""
    return number.strip().lower() or None


class CommitteeCase(SQLModel, table=True):
    """A matter the Comité de Transparencia must resolve before the request can be answered."""

    # One number per resolution of the organization's Comité, whatever request it resolves: its numbers carry
    # their year («CT/RES/004/2026», an acuerdo's template must have {year}), so no other scope. The
    # database refuses a second case under it even when two are resolved at once (number_refusal's look-up
    # would let both pass).
    __table_args__ = (Index("ux_committeecase_resolution_key", "organization_id", "resolution_key", unique=True),)

    id: int | None = Field(default=None, primary_key=True)
    organization_id: int = Field(foreign_key="organization.id", index=True)
    request_id: int = Field(foreign_key="transparencyrequest.id", index=True)
    kind: CommitteeCaseKind = Field(max_length=20)
    # The area whose answer proposed it; with it, the other areas that proposed the same in that round (one
    # ampliación for all of them: the law allows one), which are named with it and whose enlaces see it too.
    area_id: int | None = Field(default=None, foreign_key="area.id")
    other_area_ids: list[int] = Field(default_factory=list, sa_type=JSON)
    reasoning: str = Field(default="", sa_type=Text)
    resolution: CommitteeResolution | None = Field(default=None, max_length=10)
    resolution_number: str = Field(default="", max_length=80)
    # resolution_key(resolution_number): what the unique index compares.
    resolution_key: str | None = Field(default=None, max_length=80)
    resolved_on: date | None = None
    notified_on: date | None = None
    notes: str = Field(default="", sa_type=Text)
    outcome: str = Field(default="", max_length=500)
    resolved_by: int | None = Field(default=None, foreign_key="user.id")
    created_at: datetime = Field(default_factory=utcnow)

    @property
    def area_ids(self) -> list[int]:
        """Every area that proposed the case, the first one first."""
        return ([self.area_id] if self.area_id is not None else []) + list(self.other_area_ids)


class AppealGround(LabeledEnum):
    """What a recurso de revisión challenges: the answer, or that none came in the term (LGTAIP art. 142)."""

    ANSWER = "respuesta", "Contra la respuesta"
    NO_ANSWER = "falta_respuesta", "Por falta de respuesta"


class Appeal(SQLModel, table=True):
    """A recurso de revisión filed against the answer (or the lack of one)."""

    id: int | None = Field(default=None, primary_key=True)
    organization_id: int = Field(foreign_key="organization.id", index=True)
    request_id: int = Field(foreign_key="transparencyrequest.id", index=True)
    number: str = Field(max_length=80)
    filed_on: date
    ground: AppealGround = Field(default=AppealGround.ANSWER, max_length=20)
    resolution_deadline_id: int | None = Field(default=None, foreign_key="deadline.id")
    resolution: str = Field(default="", max_length=200)
    resolved_on: date | None = None
    compliance_deadline_id: int | None = Field(default=None, foreign_key="deadline.id")
    complied_on: date | None = None
    created_at: datetime = Field(default_factory=utcnow)

    @property
    def outcome(self) -> str:
        """"revocó la respuesta": what the resolution did, as a sentence says it."""
        return APPEAL_OUTCOMES.get(self.resolution, self.resolution)


class SavedFilter(SQLModel, table=True):
    """A person's named filter of the request list."""

    __table_args__ = (UniqueConstraint("user_id", "name"),)

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="user.id", index=True)
    name: str = Field(max_length=80)
    query: str = Field(max_length=1000)
    created_at: datetime = Field(default_factory=utcnow)


class ImportStatus(LabeledEnum):
    RUNNING = "en_curso", "En curso"
    DONE = "terminada", "Terminada"
    FAILED = "fallida", "Fallida"


class RequestImport(SQLModel, table=True):
    """One bulk import of requests (e.g. a PNT export): its progress and its row-by-row report."""

    id: int | None = Field(default=None, primary_key=True)
    organization_id: int = Field(foreign_key="organization.id", index=True)
    filename: str = Field(max_length=250)
    status: ImportStatus = Field(default=ImportStatus.RUNNING, max_length=20)
    total_rows: int = 0
    processed_rows: int = 0
    created_rows: int = 0
    skipped_rows: int = 0
    # [{"fila": 7, "error": "La fecha de recepción no es válida."}, …]
    errors: list = Field(default_factory=list, sa_type=JSON)
    created_by: int | None = Field(default=None, foreign_key="user.id")
    created_at: datetime = Field(default_factory=utcnow)
    finished_at: datetime | None = None
    # The last moment its thread reported progress: an import left "en curso" without news for
    # long (its server restarted mid-file) is ended as interrupted (importing.settle_interrupted).
    heartbeat_at: datetime | None = None
