"""The Comité de Transparencia on a request: which areas' answers it must resolve (cases_to_open), what
its resolutions let the answer say (committee_refusal, needs_public_version), what it resolved as the
request's page and the Unidad's forms say it today, and whether an area may still ask for an ampliación
(one only: LGTAIP art. 134; LGPDPPSO in ARCO). Pure reading of the request's rows: the steps that open
and apply cases are service handlers (handlers.py).

An ampliación's outcome is stored without the day the response falls due: a día inhábil or a
suspension declared afterwards moves that day, and every view reads it from the response term.
"""

import re
from datetime import date, datetime

from sqlmodel import Session, select

from engine.deadlines import Deadline
from engine.documents import long_date
from engine.files import StoredFile
from engine.tenancy import Area
from workflows.access_request.models import (SENSES_FOR_COMMITTEE, AnswerSense, CommitteeCase, CommitteeCaseKind,
                                             CommitteeResolution, RequestKind, RequestTurn, RequestTurnStatus,
                                             TransparencyRequest, resolution_key, sense_label)
from workflows.board_session import committee_link

# What an ampliación that moved the term says after what the Comité resolved: «Confirmada: plazo ampliado (oficio …).»
EXTENDED = "plazo ampliado"
OFICIO = " (oficio"
# The due day older outcomes were written with (and an ARCO ampliación's result in a process's data).
_WRITTEN_DUE_DAY = re.compile(r"; vence el [^(]*?(?= \(oficio)")
IN_FORCE = (CommitteeResolution.CONFIRMA, CommitteeResolution.MODIFICA)


def with_due_day(text: str, due_on: date) -> str:
    """«Confirmada: plazo ampliado; vence el <due_on> (oficio UT/0003/2026).»: an ampliación's outcome
    with the day the response falls due now, whatever day it was written with, if any."""
    head, oficio, tail = _WRITTEN_DUE_DAY.sub("", text).partition(OFICIO)
    if not oficio:
        head, tail = head.rstrip("."), "."
    return f"{head}; vence el {long_date(due_on)}{oficio}{tail}"


def moved_the_term(case: CommitteeCase) -> bool:
    """An ampliación the Comité confirmed or modified that extended the term (one notified late did not)."""
    return (case.kind == CommitteeCaseKind.AMPLIACION and case.resolution in IN_FORCE
            and case.outcome.partition(": ")[2].startswith(EXTENDED))


def outcome_now(case: CommitteeCase, due_on: date | None) -> str:
    """The case's outcome; an ampliación's, with the response's due day `due_on` as the term has it now."""
    if due_on is not None and moved_the_term(case):
        return with_due_day(case.outcome, due_on)
    return case.outcome


def response_term(session: Session, request: TransparencyRequest) -> Deadline | None:
    return session.get(Deadline, request.response_deadline_id) if request.response_deadline_id else None


def resolved_outcomes(session: Session, request: TransparencyRequest) -> list[str]:
    """«Ampliación del plazo: Confirmada: plazo ampliado; vence el …»: every case the Comité resolved on the
    request, in the order they were raised, as the Unidad's forms list them."""
    term = response_term(session, request)
    cases = session.exec(select(CommitteeCase).where(
        CommitteeCase.request_id == request.id, CommitteeCase.resolution.is_not(None)).order_by(CommitteeCase.id)).all()
    return [f"{CommitteeCaseKind(case.kind).label}: {outcome_now(case, term.due_on if term else None)}"
            f"{considerations(case)}" for case in cases]


def considerations(case: CommitteeCase) -> str:
    """« Consideraciones del Comité: …»: the notes the Comité resolved the case with (how it modified a
    classification, why it revoked it), after its outcome; nothing without notes."""
    notes = case.notes.strip()
    return f" Consideraciones del Comité: {notes}" if notes else ""


# What an area that may not ask for more time does instead.
INSTEAD = "responda con lo que localizó su área o devuelva la solicitud."


def extension_refusal(session: Session, request: TransparencyRequest) -> str | None:
    """Why an area may not ask for an ampliación of the request's term, or None: the law allows one, and
    the term was already extended, or an ampliación is before the Comité or was already resolved."""
    term = response_term(session, request)
    if request.extended or (term is not None and term.extension_days):
        due = f" (la respuesta vence el {long_date(term.due_on)})" if term is not None else ""
        return f"El plazo ya se amplió una vez{due} y la ley permite una sola ampliación: {INSTEAD}"
    cases = session.exec(select(CommitteeCase).where(
        CommitteeCase.request_id == request.id, CommitteeCase.kind == CommitteeCaseKind.AMPLIACION)
        .order_by(CommitteeCase.id)).all()
    if any(case.resolution is None for case in cases):
        return ("El Comité de Transparencia aún no resuelve la ampliación del plazo que ya se le pidió, y la ley "
                f"permite una sola ampliación: {INSTEAD}")
    # Confirmed but notified after the due day: it did not extend the term, and a new one would be later still.
    resolved = [case for case in cases if case.resolution in IN_FORCE]
    if resolved:
        return (f"El Comité de Transparencia ya resolvió la ampliación del plazo de esta solicitud "
                f"({resolved[0].resolution_number}: {resolved[0].outcome.rstrip('.')}), y la ley permite una sola "
                f"ampliación: {INSTEAD}")
    return None


def extension_proposals(session: Session, request: TransparencyRequest) -> list[RequestTurn]:
    """The areas' answers that ask for more time in the latest round of turns that had one: one ampliación,
    whichever areas asked for it (the law allows one), resolved on all their reasons."""
    asked = session.exec(select(RequestTurn).where(
        RequestTurn.request_id == request.id, RequestTurn.status == RequestTurnStatus.ANSWERED,
        RequestTurn.sense == AnswerSense.AMPLIACION).order_by(RequestTurn.round.desc(), RequestTurn.id)).all()
    return [turn for turn in asked if turn.round == asked[0].round]


def extension_asked_at(session: Session, request: TransparencyRequest) -> datetime | None:
    """When the first area of that round asked for more time: no ampliación is notified before it."""
    return min((turn.answered_at for turn in extension_proposals(session, request) if turn.answered_at),
               default=None)


CASE_KIND = {AnswerSense.RESERVADA: CommitteeCaseKind.CLASIFICACION,
             AnswerSense.CONFIDENCIAL: CommitteeCaseKind.CLASIFICACION,
             AnswerSense.INEXISTENCIA: CommitteeCaseKind.INEXISTENCIA,
             AnswerSense.INCOMPETENCIA: CommitteeCaseKind.INCOMPETENCIA,
             AnswerSense.AMPLIACION: CommitteeCaseKind.AMPLIACION}
# In ARCO only the inexistencia of the data goes to the Comité (LGPDPPSO): the Unidad notifies an
# ampliación itself, and a holder's own data is not classified against them.
COMMITTEE_SENSES = {RequestKind.ACCESO: SENSES_FOR_COMMITTEE, RequestKind.ARCO: {AnswerSense.INEXISTENCIA}}
# A classified answer goes out as a versión pública (or with the legend that explains it): one
# classified whole, and a partial delivery while a clasificación is in force (classified_in_force).
CLASSIFIED = {AnswerSense.RESERVADA, AnswerSense.CONFIDENCIAL}
NEEDS_PUBLIC_VERSION = CLASSIFIED | {AnswerSense.ENTREGA_PARCIAL}


# What the Comité resolved, as the request's page and the Unidad's answer form say it first (every
# matter is feminine: la clasificación, la inexistencia, la incompetencia, la ampliación).
RESOLVED = {CommitteeResolution.CONFIRMA: "Confirmada", CommitteeResolution.MODIFICA: "Modificada",
            CommitteeResolution.REVOCA: "Revocada"}
# And what follows from it for the answer; an ampliación confirmed or modified moves the clock (_extend).
CONSEQUENCE = {
    (CommitteeCaseKind.CLASIFICACION, CommitteeResolution.CONFIRMA):
        "la respuesta se entrega en versión pública o con la leyenda de clasificación.",
    (CommitteeCaseKind.CLASIFICACION, CommitteeResolution.MODIFICA):
        "la clasificación subsiste en los términos en que el Comité la modificó; la respuesta se entrega en "
        "versión pública o con la leyenda de clasificación conforme a esa modificación.",
    (CommitteeCaseKind.CLASIFICACION, CommitteeResolution.REVOCA):
        "la información no se clasifica; el área debe entregarla.",
    (CommitteeCaseKind.INEXISTENCIA, CommitteeResolution.CONFIRMA):
        "la inexistencia se notifica al solicitante con la respuesta.",
    (CommitteeCaseKind.INEXISTENCIA, CommitteeResolution.MODIFICA):
        "la inexistencia se notifica al solicitante con la respuesta, en los términos en que el Comité la modificó.",
    (CommitteeCaseKind.INEXISTENCIA, CommitteeResolution.REVOCA):
        "la información no se declara inexistente; el área debe buscarla de nuevo y entregarla.",
    (CommitteeCaseKind.INCOMPETENCIA, CommitteeResolution.CONFIRMA):
        "la incompetencia se notifica al solicitante con la respuesta.",
    (CommitteeCaseKind.INCOMPETENCIA, CommitteeResolution.MODIFICA):
        "la incompetencia se notifica al solicitante con la respuesta, en los términos en que el Comité la modificó.",
    (CommitteeCaseKind.INCOMPETENCIA, CommitteeResolution.REVOCA):
        "el sujeto obligado es competente; el área debe atender la solicitud y entregar la información.",
    (CommitteeCaseKind.AMPLIACION, CommitteeResolution.REVOCA): "el plazo no se amplía.",
}


def cases_to_open(session, request: TransparencyRequest) -> list[tuple[list[RequestTurn], CommitteeCaseKind]]:
    """Answered turns whose sense the Comité must resolve and that have no case yet, grouped by the case
    each group opens: one per area and matter, for its latest answer; and one ampliación for all the areas
    that ask for more time in a round, since the law allows one ampliación (two cases would have the Comité
    resolve it twice, the second «no procede», and lose the second area's reasons). A case the Comité
    revoked settled only the answers it was opened for: an area turned again after the revoca that
    proposes the same again (it searched and still found nothing) goes back to the Comité, which
    resolves on the new search."""
    turns = session.exec(select(RequestTurn).where(
        RequestTurn.request_id == request.id, RequestTurn.status == RequestTurnStatus.ANSWERED,
        RequestTurn.sense.in_(COMMITTEE_SENSES[request.kind])).order_by(RequestTurn.round, RequestTurn.id)).all()
    cases = session.exec(select(CommitteeCase).where(CommitteeCase.request_id == request.id)).all()
    # (area, matter) → its answers, one group each; (None, ampliación) → each round's ampliación answers.
    answers: dict[tuple[int | None, CommitteeCaseKind], list[list[RequestTurn]]] = {}
    for turn in turns:
        kind = CASE_KIND[turn.sense]
        groups = answers.setdefault((None if kind == CommitteeCaseKind.AMPLIACION else turn.area_id, kind), [])
        if kind == CommitteeCaseKind.AMPLIACION and groups and groups[-1][0].round == turn.round:
            groups[-1].append(turn)
        else:
            groups.append([turn])
    to_open = []
    for (area_id, kind), answered in answers.items():
        resolved = [c for c in cases if c.kind == kind and area_id in (None, c.area_id)]
        if len(answered) > len(resolved) and all(c.resolution == CommitteeResolution.REVOCA for c in resolved):
            to_open.append((answered[-1], kind))
    return to_open


# What the Unidad does with a proposal not yet before the Comité: turn the request again, from its analysis.
TURN_AGAIN = "Túrnela de nuevo: con las respuestas de ese turno, la propuesta se somete al Comité."


def unresolved_refusal(session: Session, request: TransparencyRequest, turn_again: str = TURN_AGAIN) -> str | None:
    """Why the request cannot be answered yet, or None: the Comité confirms, modifies or revokes what the
    areas propose and its resolution binds the answer (LGTAIP 2025 arts. 40, 139–141), so nothing is answered
    while a case waits for its resolution, or an area's proposal for its case (cases_to_open; `turn_again`
    says how it gets one)."""
    waiting = session.exec(select(CommitteeCase).where(
        CommitteeCase.request_id == request.id, CommitteeCase.resolution.is_(None)).order_by(CommitteeCase.id)).first()
    if waiting is not None:
        area_ids, kind = waiting.area_ids, CommitteeCaseKind(waiting.kind)
        advice = "la solicitud se responde una vez resuelto el caso."
    else:
        unopened = cases_to_open(session, request)
        if not unopened:
            return None
        proposals, kind = unopened[0]
        area_ids = list(dict.fromkeys(turn.area_id for turn in proposals))
        advice = f"la solicitud no se responde antes de su resolución. {turn_again}"
    areas = committee_link.of_the_areas([session.get(Area, area_id) for area_id in area_ids])
    proposed = "propuso" if len(area_ids) == 1 else "propusieron"
    return (f"{areas[0].upper()}{areas[1:]} {proposed} la {kind.label.lower()} y el Comité de Transparencia aún no "
            f"la resuelve: {advice}")


def number_refusal(session: Session, case: CommitteeCase, number: str) -> str | None:
    """Why `number` cannot number the Comité's resolution of `case`, or None: another case of the organization
    was resolved under it (compared as resolution_key compares them), and each oficio
    citing it would cite one number for different decisions. The case itself keeps its own."""
    key = resolution_key(number)
    if key is None:
        return "Escriba el número de la resolución del Comité."
    taken = session.exec(select(CommitteeCase.resolution_number, CommitteeCase.kind, TransparencyRequest.folio)
                         .join(TransparencyRequest, TransparencyRequest.id == CommitteeCase.request_id)
                         .where(CommitteeCase.organization_id == case.organization_id, CommitteeCase.id != case.id,
                                CommitteeCase.resolution_key == key)
                         .order_by(CommitteeCase.id)).first()
    if taken is None:
        return None
    given, kind, folio = taken
    return (f"El número {given.strip()} ya se dio a otra resolución del Comité de Transparencia "
            f"({CommitteeCaseKind(kind).label}, solicitud {folio}): cada resolución lleva su propio número.")


def proposals_of(session: Session, case: CommitteeCase) -> list[RequestTurn]:
    """The areas' answers a case resolves: each proposing area's latest answer of that matter given by the
    moment the case was raised (cases_to_open raises it on that one)."""
    senses = [sense for sense, kind in CASE_KIND.items() if kind == case.kind]
    turns = session.exec(select(RequestTurn).where(
        RequestTurn.request_id == case.request_id, RequestTurn.status == RequestTurnStatus.ANSWERED,
        RequestTurn.area_id.in_(case.area_ids or [-1]), RequestTurn.sense.in_(senses))
        .order_by(RequestTurn.round, RequestTurn.id)).all()
    latest = {turn.area_id: turn for turn in turns
              if turn.answered_at is None or turn.answered_at <= case.created_at}
    return [latest[area_id] for area_id in case.area_ids if area_id in latest]


def case_files(session: Session, case: CommitteeCase) -> list[StoredFile]:
    """The files the areas attached to the answers the case resolves (a prueba de daño, the record of a
    search): the Comité weighs them to resolve it."""
    ids = list(dict.fromkeys(file_id for turn in proposals_of(session, case) for file_id in turn.file_ids or []))
    found = [session.get(StoredFile, file_id) for file_id in ids]
    return [stored for stored in found if stored is not None and stored.organization_id == case.organization_id]


def evidence_before_the_committee(session: Session, stored: StoredFile) -> bool:
    """Whether the file is one an area attached to an answer a case of the Comité resolves (case_files)."""
    request = session.exec(select(TransparencyRequest).where(
        TransparencyRequest.organization_id == stored.organization_id,
        TransparencyRequest.instance_id == stored.instance_id)).first() if stored.instance_id else None
    if request is None:
        return False
    cases = session.exec(select(CommitteeCase).where(CommitteeCase.request_id == request.id)).all()
    return any(stored.id == found.id for case in cases for found in case_files(session, case))


def proposed_by(session: Session, proposals: list[RequestTurn]) -> list[tuple[str, str]]:
    """(area, what it proposed and why) for each area whose answer the case resolves."""
    return [(session.get(Area, turn.area_id).name, turn.answer) for turn in proposals]


def joint_reasoning(proposed: list[tuple[str, str]]) -> str:
    """One area's proposal as it wrote it; several areas', each under its name (the Comité's and the oficio's)."""
    if len(proposed) == 1:
        return proposed[0][1]
    return "\n\n".join(f"{area}:\n{text}" for area, text in proposed)


def resolved_about_the_answer(session: Session, request: TransparencyRequest) -> list[CommitteeCase]:
    """The Comité's resolved cases the answer notifies: classification, inexistencia, incompetencia."""
    return list(session.exec(select(CommitteeCase).where(
        CommitteeCase.request_id == request.id, CommitteeCase.resolution.is_not(None),
        CommitteeCase.kind != CommitteeCaseKind.AMPLIACION).order_by(CommitteeCase.resolved_on, CommitteeCase.id)).all())


# The answers that notify a matter the Comité confirmed or modified: a classification goes out as a
# versión pública or with its legend (NEEDS_PUBLIC_VERSION); an inexistencia or an incompetencia as
# such, or beside the part of the information that is delivered (entrega parcial).
NOTIFIES = {CommitteeCaseKind.CLASIFICACION: NEEDS_PUBLIC_VERSION,
            CommitteeCaseKind.INEXISTENCIA: {AnswerSense.INEXISTENCIA, AnswerSense.ENTREGA_PARCIAL},
            CommitteeCaseKind.INCOMPETENCIA: {AnswerSense.INCOMPETENCIA, AnswerSense.ENTREGA_PARCIAL}}
# The matter as the refusals name it (every one feminine, as RESOLVED has it).
MATTER = {CommitteeCaseKind.CLASIFICACION: "clasificación", CommitteeCaseKind.INEXISTENCIA: "inexistencia",
          CommitteeCaseKind.INCOMPETENCIA: "incompetencia"}


def _quoted(kind: RequestKind, senses) -> str:
    """«Entrega parcial», «Clasificada como reservada» o «…», in the order the form offers them."""
    names = [f"«{sense_label(kind, sense)}»" for sense in AnswerSense if sense in senses]
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} o {names[-1]}"


def _resolved_words(case: CommitteeCase) -> str:
    """«Inexistencia revocada por el Comité de Transparencia (CT/RES/012/2026): la información no se …»"""
    resolution = CommitteeResolution(case.resolution)
    matter = CommitteeCaseKind(case.kind)
    return (f"{matter.label} {RESOLVED[resolution].lower()} por el Comité de Transparencia "
            f"({case.resolution_number}): {CONSEQUENCE[(matter, resolution)]}")


def committee_refusal(cases: list[CommitteeCase], kind: RequestKind, sense: AnswerSense) -> str | None:
    """Why the Comité's resolutions on the request (`resolved_about_the_answer`) do not allow answering
    it with `sense`, or None. The resolution binds the answer (LGTAIP 2025 arts. 40, 139–141; LGPDPPSO for
    the inexistencia of ARCO data): a clasificación, inexistencia or incompetencia the areas propose
    goes out only once confirmed or modified, never once revoked, and one in force is notified."""
    matter = CASE_KIND.get(sense)
    in_force = [case for case in cases if case.resolution in IN_FORCE]
    if sense in COMMITTEE_SENSES[kind] and matter != CommitteeCaseKind.AMPLIACION \
            and all(case.kind != matter for case in in_force):
        revoked = [case for case in cases if case.kind == matter and case.resolution == CommitteeResolution.REVOCA]
        if revoked:
            return (f"{_resolved_words(revoked[0])} La respuesta no puede ser «{sense_label(kind, sense)}»: "
                    "responda con la información que entregue el área.")
        # Without any case, an incompetencia is the Unidad's own notoria incompetencia, which needs no Comité.
        if matter != CommitteeCaseKind.INCOMPETENCIA:
            return (f"La {MATTER[matter]} necesita una resolución del Comité de Transparencia que la confirme o la "
                    "modifique, y esta solicitud no tiene ninguna: la propone el área a la que se turna la "
                    "solicitud, con su fundamento, y el Comité la resuelve antes de responder. Elija el sentido "
                    "de lo que se entrega.")
    notifying = set().union(*(NOTIFIES[CommitteeCaseKind(case.kind)] for case in in_force))
    if in_force and sense not in notifying:
        return f"{_resolved_words(in_force[0])} Elija {_quoted(kind, notifying)}."
    return None


def classified_in_force(session: Session, request: TransparencyRequest) -> bool:
    """Whether part of the requested information is classified: an area answered reservada or
    confidencial and the Comité did not revoke it (confirmed, modified, or a request whose answers
    came without a case, as an import brings them). A classification the Comité revoked settles only
    the answer it was opened for, as cases_to_open counts them."""
    classified = session.exec(select(RequestTurn.area_id).where(
        RequestTurn.request_id == request.id, RequestTurn.status == RequestTurnStatus.ANSWERED,
        RequestTurn.sense.in_(CLASSIFIED))).all()
    cases = session.exec(select(CommitteeCase.area_id, CommitteeCase.resolution).where(
        CommitteeCase.request_id == request.id, CommitteeCase.kind == CommitteeCaseKind.CLASIFICACION)).all()
    if any(resolution in IN_FORCE for _, resolution in cases):
        return True
    revoked = [area_id for area_id, resolution in cases if resolution == CommitteeResolution.REVOCA]
    return any(classified.count(area_id) > revoked.count(area_id) for area_id in set(classified))


def needs_public_version(session: Session, request: TransparencyRequest, sense: AnswerSense) -> bool:
    """A classified answer goes out as a versión pública or with its legend; a partial delivery only
    when a clasificación is in force: one that delivers part because the rest does not exist (or is
    another body's) classifies nothing, and its oficio must not print a legend of classification."""
    if sense in CLASSIFIED:
        return True
    return sense == AnswerSense.ENTREGA_PARCIAL and classified_in_force(session, request)
