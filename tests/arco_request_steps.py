"""Steps of the arco_request process that many tests take before the part they check."""

from engine.db import transaction
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
