"""Steps of the arco_request process that many tests take before the part they check."""

from datetime import datetime
from zoneinfo import ZoneInfo

from sqlmodel import select

from engine.db import reading, transaction
from engine.deadlines import Deadline, DeadlineKind
from workflows.access_request.importing import begin_import, run_import
from workflows.access_request.models import RequestImport, TransparencyRequest
from workflows.access_request.pnt_export import read_export
from workflows.arco_request import register_arco_request
from workflows.arco_request.forms import RegisterArcoForm


def arco_form(**overrides) -> RegisterArcoForm:
    values = dict(canal="presencial", fecha_recepcion="2026-03-23", hora_recepcion="10:00", derecho="rectificacion",
                  titular="Ana Ruiz Cárdenas", representante="Jorge Méndez Salas",
                  documento_identidad="Credencial para votar del titular y carta poder del representante",
                  contacto="ana.ruiz@example.org",
                  descripcion="Rectificar mi domicilio en el expediente de personal: calle Hidalgo 12, Centro.",
                  tema="Expediente de personal")
    values.update(overrides)
    return RegisterArcoForm.model_validate(values)


def file_arco(engine, transparencia, **overrides):
    with transaction(engine) as session:
        return register_arco_request(session, transparencia, arco_form(**overrides))


# -- an ARCO request imported already answered ----------------------------------------------------

# When it is imported: Friday 20 November 2026 at 20:05 in the office.
IMPORTED_AT = datetime(2026, 11, 20, 20, 5, tzinfo=ZoneInfo("America/Mexico_City"))
IMPORTED_HOLDER = "Juan Carlos Ruiz Mena"
IMPORT_HEADER = "Folio,Fecha de recepción,Tipo,Descripción,Respuesta,Fecha de respuesta,Titular,Documento de identidad"


def answered_arco_row(answer="Procedente", answered_on="18/11/2026", received_on="28/10/2026") -> bytes:
    """A CSV of one ARCO request answered as the PNT exports it, with no Nombre column."""
    row = (f"330024626000301,{received_on},ARCO,Acceso a mi expediente clínico,{answer},{answered_on},"
           f"{IMPORTED_HOLDER},Pasaporte 222")
    return f"{IMPORT_HEADER}\r\n{row}\r\n".encode()


def import_answered(engine, actor, content: bytes) -> TransparencyRequest:
    export = read_export("pnt.csv", content)
    with transaction(engine) as session:
        import_id = begin_import(session, actor, "pnt.csv").id
    run_import(engine, actor, import_id, export, now=IMPORTED_AT)
    with reading(engine) as session:
        assert session.get(RequestImport, import_id).errors == []
        return session.exec(select(TransparencyRequest)).one()


def effectiveness_terms(engine, request: TransparencyRequest) -> list[Deadline]:
    with reading(engine) as session:
        return list(session.exec(select(Deadline).where(Deadline.subject_id == request.folio,
                                                        Deadline.kind == DeadlineKind.EFECTIVIDAD)).all())
