"""The `pleno` command: run the web app or the worker, migrate, create users, check BPMN and audit, demo data."""

import argparse
import getpass
import os
import sys
from datetime import timedelta
from pathlib import Path

from sqlmodel import select

from engine.accounts import Actor, Membership, Role, User, actor_for, create_user, membership_problem
from engine.clock import today_in
from engine.db import make_engine, reading, transaction
from engine.labels import counted
from engine.settings import DEFAULT_BASE_URL, ROOT, Settings, load_settings
from engine.tenancy import Area, Organization


def _fail(message: str) -> int:
    print(message, file=sys.stderr)
    return 1


def links_point_here(host: str, port: int) -> None:
    """The links Pleno writes (the calendar feed's address, e-mails, documents) point where this
    server listens, unless PLENO_BASE_URL says where the institution publishes it."""
    shown = "127.0.0.1" if host in ("", "0.0.0.0", "::") else host
    os.environ.setdefault("PLENO_BASE_URL", f"http://{shown}:{port}")


def warn_if_links_point_to_the_default(settings: Settings) -> None:
    """A process that writes links on its own (the worker, a sweep) has no port of its own to point
    them at: without PLENO_BASE_URL they lead to the default address, wherever the web listens."""
    if not settings.base_url_configured:
        print(f"Aviso: PLENO_BASE_URL no está definida; los enlaces de los correos que escriba este proceso "
              f"apuntarán a {DEFAULT_BASE_URL}. Defina PLENO_BASE_URL con la dirección en que se publica Pleno, "
              "la misma para `pleno run` y `pleno worker`.", file=sys.stderr, flush=True)


def cmd_run(args) -> int:
    import uvicorn

    from web import processes
    from web.app import create_app
    links_point_here(args.host, args.port)
    settings = load_settings()
    if args.workers < 1:
        return _fail("--workers debe ser 1 o más.")
    if args.workers > 1:
        # Each process builds its own app from the environment. The scheduler runs once per
        # installation, so with several web processes it is `pleno worker`'s job.
        if args.scheduler:
            return _fail("Con varios procesos web el programador no corre dentro de ellos: quite --scheduler "
                         "e inicie `pleno worker` aparte.")
        if not processes.supports_several():
            return _fail("Varios procesos web necesitan SO_REUSEPORT (Linux); en este sistema use uno.")
        print(f"{args.workers} procesos web; los temporizadores, avisos y correos los lleva `pleno worker`.",
              flush=True)
        return processes.serve(args.host, args.port, args.workers)
    scheduler = settings.run_scheduler_in_web if args.scheduler is None else args.scheduler
    uvicorn.run(create_app(settings=settings, run_scheduler=scheduler), host=args.host, port=args.port,
                proxy_headers=True, loop=processes.SERVER_LOOP)
    return 0


def cmd_worker(args) -> int:
    import logging
    import signal

    from engine.scheduler import build_scheduler
    import workflows  # noqa: F401  (the handlers timers may run)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s %(message)s")
    # Two lines per run of every job drown the jobs' own reports; failures are still logged.
    logging.getLogger("apscheduler.executors").setLevel(logging.WARNING)
    settings = load_settings()
    warn_if_links_point_to_the_default(settings)
    scheduler = build_scheduler(make_engine(settings.database_url), settings, blocking=True)
    # systemd stops the worker with SIGTERM: finish the running job, then leave.
    signal.signal(signal.SIGTERM, lambda *_: scheduler.shutdown(wait=True))
    print(f"Pleno worker: temporizadores cada 30 s, plazos cada {settings.sweep_interval_seconds} s, "
          f"correos cada {settings.outbox_interval_seconds} s ({settings.mail_backend}), resúmenes diarios. "
          "Ctrl+C para salir.", flush=True)
    try:
        scheduler.start()
    except (KeyboardInterrupt, SystemExit):
        pass
    return 0


def cmd_outbox_deliver(args) -> int:
    from engine.outbox import deliver
    import engine.alerts  # noqa: F401  (withdraws the waiting alerts that no longer hold)
    import workflows  # noqa: F401  (every table mapped before the first query)
    settings = load_settings()
    tried = deliver(make_engine(settings.database_url), settings)
    print(f"Correos intentados: {tried}.")
    return 0


def cmd_alerts_sweep(args) -> int:
    from engine.alerts import sweep
    import workflows  # noqa: F401
    settings = load_settings()
    warn_if_links_point_to_the_default(settings)
    result = sweep(make_engine(settings.database_url))
    print(f"Plazos revisados: {result.deadlines}; avisos escritos: {result.alerts}.")
    return 0


def _migrations_config(url: str):
    from alembic.config import Config
    config = Config(str(ROOT / "alembic.ini"))
    config.attributes["url"] = url
    return config


def _migrations_head() -> str | None:
    from alembic.script import ScriptDirectory
    return ScriptDirectory.from_config(_migrations_config(load_settings().database_url)).get_current_head()


def cmd_db_upgrade(args) -> int:
    from alembic import command
    settings = load_settings()
    if settings.database_url.startswith("sqlite:///"):
        Path(settings.database_url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
    command.upgrade(_migrations_config(settings.database_url), "head")
    print("Base de datos al día.")
    return 0


def _parse_role(raw: str, session, organization_id: int) -> tuple[Role, int | None]:
    name, _, code = raw.partition(":")
    if name not in Role._value2member_map_:
        raise ValueError(f"Rol desconocido {name!r}; use uno de: {', '.join(r.value for r in Role)}")
    area_id = None
    if code:
        area = session.exec(select(Area).where(Area.organization_id == organization_id,
                                               Area.code == code.upper())).first()
        if area is None:
            raise ValueError(f"No existe el área {code!r} en este ente")
        area_id = area.id
    problem = membership_problem(Role(name), area_id)
    if problem:
        usage = f"{name}:CLAVE_DEL_AREA" if area_id is None else name
        raise ValueError(f"{problem} Use --role {usage}.")
    return Role(name), area_id


# Where each field of the administration's «Nuevo usuario» form comes from on the command line.
_USER_OPTIONS = {"usuario": "usuario", "nombre": "--name", "correo": "--email", "contrasena": "--password"}


def cmd_users_create(args) -> int:
    from engine import audit
    from engine.forms import FormInvalid, validate_form
    from web.routes.admin import NewUserForm  # the administration page's rules, in one place
    import workflows  # noqa: F401  (every table mapped before the first query)
    password = args.password
    if not password:
        password = getpass.getpass("Contraseña: ")
        if password != getpass.getpass("Repita la contraseña: "):
            return _fail("Las contraseñas no coinciden.")
    try:
        form = validate_form(NewUserForm, {"usuario": args.username, "nombre": args.name, "correo": args.email,
                                           "contrasena": password})
    except FormInvalid as exc:
        return _fail("No se creó el usuario:\n" + "\n".join(f"  {_USER_OPTIONS.get(field, field)}: {message}"
                                                            for field, message in exc.errors.items()))
    engine = make_engine(load_settings().database_url)
    with transaction(engine) as session:
        org = session.exec(select(Organization).where(Organization.slug == args.org)).first()
        if org is None:
            return _fail(f"No existe el ente {args.org!r}.")
        if session.exec(select(User).where(User.username == form.usuario)).first():
            return _fail(f"El usuario {form.usuario!r} ya existe.")
        try:
            roles = [_parse_role(raw, session, org.id) for raw in args.role or []]
        except ValueError as exc:
            return _fail(str(exc))
        user = create_user(session, org.id, form.usuario, form.nombre, form.correo, form.contrasena, roles)
        audit.record(session, org.id, None, "Consola", "admin.usuario.creado", "usuario", user.id,
                     summary=f"Creó el usuario {user.username} desde la consola",
                     after={"usuario": user.username, "nombre": user.full_name, "correo": user.email,
                            "roles": [f"{r.value}:{a or ''}" for r, a in roles]})
    print(f"Usuario {user.username} creado en {org.short_name}.")
    return 0


def _console(organization_id: int) -> Actor:
    """Whoever runs pleno on the server acts as the administration; the log names them «Consola»."""
    return Actor(None, organization_id, "Consola", {Role.ADMIN: {None}})


def cmd_users_set_active(args) -> int:
    from engine.handover import set_active
    import workflows  # noqa: F401  (every table mapped before the first query)
    active = args.users_command == "activate"
    with transaction(make_engine(load_settings().database_url)) as session:
        user = session.exec(select(User).where(User.username == args.username)).first()
        if user is None:
            return _fail(f"No existe el usuario {args.username!r}.")
        if user.active == active:
            print(f"El usuario {user.username} ya estaba {'activo' if active else 'desactivado'}.")
            return 0
        # The same refusal as Administración → Usuarios: the person's area must not be left without anyone.
        problem = set_active(session, _console(user.organization_id), user, active)
        if problem:
            return _fail(problem)
    print(f"Usuario {user.username} reactivado: inicia sesión de nuevo; sus tokens de API anteriores y la dirección "
          "de su calendario siguen revocados." if active else
          f"Usuario {user.username} desactivado: sus sesiones terminaron y sus tokens de API y la dirección de su "
          "calendario quedaron revocados.")
    return 0


def cmd_bpmn_check(args) -> int:
    from engine.bpmn_check import check_directory
    import workflows  # noqa: F401  (registers the processes and handlers being checked)
    directory = Path(args.dir) if args.dir else ROOT / "bpmn"
    problems = check_directory(directory)
    if problems:
        print(f"{counted(len(problems), 'problema', 'problemas')} en {directory}:", file=sys.stderr)
        for problem in problems:
            print(f"  - {problem}", file=sys.stderr)
        return 1
    print(f"Todos los BPMN de {directory} están listos.")
    return 0


def cmd_audit_verify(args) -> int:
    from engine.audit import verify_chain
    import workflows  # noqa: F401
    engine = make_engine(load_settings().database_url)
    broken = False
    with reading(engine) as session:
        query = select(Organization).order_by(Organization.slug)
        if args.org:
            query = query.where(Organization.slug == args.org)
        organizations = session.exec(query).all()
        if args.org and not organizations:
            return _fail(f"No existe el ente {args.org!r}.")
        for org in organizations:
            report = verify_chain(session, org.id)
            if report.ok:
                print(f"{org.slug}: cadena íntegra ({report.events} eventos)")
            else:
                broken = True
                print(f"{org.slug}: CADENA ROTA en el evento {report.broken_at} ({report.reason}); "
                      f"{report.events} eventos previos verificados", file=sys.stderr)
    return 1 if broken else 0


def cmd_processes_resume(args) -> int:
    from engine.stalled import resume_stalled
    import workflows  # noqa: F401  (the handlers the resumed steps call)
    resumed = resume_stalled(make_engine(load_settings().database_url))
    for instance in resumed:
        print(f"Reanudado: {instance.title}")
    print(f"{counted(len(resumed), 'proceso reanudado', 'procesos reanudados')}.")
    return 0


def cmd_backup(args) -> int:
    from engine.backup import BackupError, create_backup
    settings = load_settings()
    try:
        report = create_backup(settings, Path(args.dir) if args.dir else settings.data_dir / "respaldos")
    except BackupError as exc:
        return _fail(str(exc))
    print(f"Respaldo escrito: {report.path} ({report.size / 1048576:.1f} MB; base {report.database}, "
          f"{report.files} archivos)")
    for problem in report.problems:
        print(f"AVISO: {problem}", file=sys.stderr)
    # A backup that left a file out is written, but must not pass unnoticed in a nightly job.
    return 1 if report.problems else 0


def cmd_restore(args) -> int:
    from engine.backup import BackupError, restore_backup
    try:
        report = restore_backup(load_settings(), Path(args.archivo), replace=args.replace)
    except BackupError as exc:
        return _fail(str(exc))
    print(f"Restaurado el respaldo del {report.created_at} (base {report.database}, {report.files} archivos).")
    if report.revision != _migrations_head():
        print("El respaldo es de otra versión de Pleno: ejecute `pleno db upgrade` antes de iniciar el servidor.")
    for slug, chain in report.chains:
        if chain.ok:
            print(f"{slug}: cadena íntegra ({chain.events} eventos)")
        else:
            print(f"{slug}: CADENA ROTA en el evento {chain.broken_at} ({chain.reason})", file=sys.stderr)
    return 0 if report.ok else 1


def _seed_correspondence(engine, demo) -> int:
    """A few documents in different states: registered, turned, answered (awaiting closing), closed."""
    from engine.processes import OpenTask
    from engine.runtime import runtime
    from workflows import correspondence
    from workflows.correspondence.forms import RegisterForm
    from workflows.correspondence.models import Correspondence
    from engine.legal_calendar import office_calendar
    with reading(engine) as session:
        if session.exec(select(Correspondence.id).where(
                Correspondence.organization_id == demo.organization.id)).first() is not None:
            return 0
        oficialia = actor_for(session, demo.users["oficialia"])
        enlaces = {"DA": actor_for(session, demo.users["enlace_da"]),
                   "DRI": actor_for(session, demo.users["enlace_dri"])}
        # Received the día hábil before the organization's today, so every hour of it has passed
        # (the machine's date may already be tomorrow in Mexico); internal terms in días hábiles.
        office = office_calendar(session, demo.organization.id)
    today = today_in(demo.organization.timezone)
    received = office.subtract_business_days(today, 1)
    items = [
        ("Lic. Mario Velasco", "Auditoría Superior del Estado", "Solicita el programa anual de trabajo 2026",
         "Fiscalización", []),
        ("Mtra. Laura Díaz", "Secretaría de la Honestidad", "Informe de avance del programa anticorrupción",
         "Política anticorrupción", ["DA", "DRI"]),
        ("C. Pedro Gómez", "Particular", "Queja por falta de respuesta a un escrito", "Quejas", ["DA"]),
        ("Dr. Julio Ramos", "Comité de Participación Ciudadana", "Invitación a la sesión ordinaria",
         "Política anticorrupción", ["DRI"]),
    ]

    def complete(actor, instance_id, task_name, data):
        with transaction(engine) as session:
            task_id = session.exec(select(OpenTask.id).where(OpenTask.instance_id == instance_id,
                                                             OpenTask.task_name == task_name)).first()
            runtime.complete_task(session, actor, task_id, data)

    def answer(instance_id, code):
        with transaction(engine) as session:
            task_id = session.exec(select(OpenTask.id).where(
                OpenTask.instance_id == instance_id, OpenTask.task_name == "answer",
                OpenTask.area_id == demo.areas[code].id)).first()
            runtime.complete_task(session, enlaces[code], task_id,
                                  {"sentido": "atendido", "respuesta": "Se atendió y se envía la información."})

    for n, (sender, organization, subject, topic, areas) in enumerate(items):
        form = RegisterForm.model_validate({
            "remitente": sender, "dependencia": organization, "asunto": subject, "tema": topic, "canal": "ventanilla",
            "fecha_recepcion": received.isoformat(), "hora_recepcion": f"{9 + n:02d}:30", "fojas": 2 + n})
        with transaction(engine) as session:
            instance_id = correspondence.register(session, oficialia, form).id
        if not areas:
            continue  # waits to be turned
        complete(oficialia, instance_id, "turn", {
            "areas": [demo.areas[code].id for code in areas], "instruccion": "Atender y responder en el plazo",
            "fecha_limite": office.add_business_days(today, 5 + n).isoformat()})
        if n == 1:
            continue  # waits for both areas' answers
        answer(instance_id, areas[0])
        if n == 3:
            complete(oficialia, instance_id, "close", {"conclusion": "Atendido; se archiva el expediente."})
    return len(items)


def _lapsed_filing_day(session, organization: Organization, today):
    """A day to have filed a request whose 20 días hábiles ended before today while the requester's
    15 to appeal the lack of an answer still run: the demo shows that case whatever today is."""
    from datetime import datetime, time
    from zoneinfo import ZoneInfo
    from engine.deadlines import last_day_from
    zone = ZoneInfo(organization.timezone)
    for days_back in range(30, 120):
        filed = today - timedelta(days=days_back)
        due, _ = last_day_from(session, organization.id, "acceso", "respuesta", datetime.combine(filed, time(10), zone))
        appeal_until, _ = last_day_from(session, organization.id, "acceso", "recurso",
                                        datetime.combine(due, time(12), zone))
        if due < today <= appeal_until:
            return filed
    return today - timedelta(days=60)


def _seed_requests(engine, demo) -> int:
    """Access requests in different steps: to review, prevented, turned to an area, answered."""
    from engine.processes import OpenTask
    from engine.legal_calendar import calendar_for
    from engine.runtime import runtime
    from workflows.access_request import register_request
    from workflows.access_request.forms import RegisterRequestForm
    from workflows.access_request.models import TransparencyRequest
    with reading(engine) as session:
        if session.exec(select(TransparencyRequest.id).where(
                TransparencyRequest.organization_id == demo.organization.id)).first() is not None:
            return 0
        ut = actor_for(session, demo.users["transparencia"])
        enlace = actor_for(session, demo.users["enlace_da"])
        lapsed_filing = _lapsed_filing_day(session, demo.organization, today_in(demo.organization.timezone))
        # The organization's today, not the machine's (on a server in UTC, Mexico's evening is already
        # tomorrow, and a prevención or notification dated tomorrow is refused); and a day the office
        # works, as every oficio is dated (on a Saturday or a declared día inhábil, the last one before).
        today = calendar_for(session, demo.organization.id, "acceso").last_office_day(
            today_in(demo.organization.timezone))
    samples = [
        ("Solicito el padrón de proveedores del ejercicio 2025 y los montos pagados a cada uno.", "Adquisiciones"),
        ("Requiero copia de las actas del Comité Coordinador de 2026.", "Órganos colegiados"),
        ("Solicito la versión pública de las declaraciones patrimoniales del personal directivo.", "Declaraciones"),
        ("¿Cuántas denuncias por faltas administrativas se recibieron en 2025?", "Estadística"),
        # Filed long enough ago that its term lapsed unanswered: the page offers the recurso por falta
        # de respuesta and the lists show it overdue.
        ("Solicito los viáticos pagados al personal directivo durante el primer semestre.", "Viáticos"),
    ]

    def step(actor, instance_id, name, data):
        with transaction(engine) as session:
            task_id = session.exec(select(OpenTask.id).where(OpenTask.instance_id == instance_id,
                                                             OpenTask.task_name == name)).first()
            runtime.complete_task(session, actor, task_id, data)

    for n, (description, topic) in enumerate(samples):
        received = lapsed_filing if n == 4 else today - timedelta(days=6)
        form = RegisterRequestForm.model_validate({
            "canal": "pnt", "folio_pnt": f"33002462600{n + 1:04d}", "fecha_recepcion": received.isoformat(),
            "hora_recepcion": f"{10 + n:02d}:15", "tipo_solicitante": "seudonimo" if n % 2 else "anonimo",
            "nombre": "Ciudadano Transparente" if n % 2 else "", "descripcion": description, "tema": topic,
            "sexo": ["mujer", "hombre", "no_dice", "mujer", "hombre"][n]})
        with transaction(engine) as session:
            instance_id = register_request(session, ut, form).id
        if n == 0:
            continue  # waits for the UT's review
        if n == 1:
            step(ut, instance_id, "review", {"decision": "prevenir", "fecha_prevencion": today.isoformat(),
                                             "requerimiento": "Precise las sesiones y el periodo de las actas."})
            continue
        step(ut, instance_id, "review", {"decision": "turnar", "areas": [demo.areas["DA"].id],
                                         "instruccion": "Localizar y entregar la información"})
        if n in (2, 4):
            continue  # waits for the area's answer
        step(enlace, instance_id, "area_answer", {"sentido": "entrega_total",
                                                  "respuesta": "Se recibieron 37 denuncias en 2025."})
        step(ut, instance_id, "respond", {"sentido": "entrega_total", "modalidad": "electronica", "costo": 0,
                                          "respuesta": "En 2025 se recibieron 37 denuncias por faltas administrativas.",
                                          "fecha_notificacion": today.isoformat()})
    return len(samples)


def cmd_demo(args) -> int:
    from workflows.demo import DEMO_PASSWORD, seed_calendar, seed_demo
    import workflows  # noqa: F401
    engine = make_engine(load_settings().database_url)
    with transaction(engine) as session:
        demo = seed_demo(session)
    with transaction(engine) as session:
        year = today_in(demo.organization.timezone).year
        declared = seed_calendar(session, actor_for(session, demo.users["admin"]), [year, year + 1])
    created = _seed_correspondence(engine, demo)
    requests = _seed_requests(engine, demo)
    from workflows.board_session.demo import seed_boards
    with transaction(engine) as session:
        bodies = seed_boards(session, demo)
    print(f"Ente de demostración: {demo.organization.name} ({demo.organization.slug})")
    if declared:
        print(f"Se declararon {declared} días o periodos inhábiles de {year} y {year + 1} (Semana Santa, vacaciones…).")
    if created:
        print(f"Se registraron {created} documentos de correspondencia de ejemplo.")
    if requests:
        print(f"Se registraron {requests} solicitudes de acceso a la información de ejemplo.")
    if bodies:
        print(f"Se crearon {bodies} órganos colegiados con sus integrantes y sesiones próximas.")
    print(f"Usuarios (contraseña para todos: {DEMO_PASSWORD}):")
    with reading(engine) as session:
        areas = {a.id: a.code for a in demo.areas.values()}
        for username, user in demo.users.items():
            roles = session.exec(select(Membership).where(Membership.user_id == user.id)).all()
            described = ", ".join(Role(m.role).label + (f" ({areas.get(m.area_id)})" if m.area_id else "")
                                  for m in roles)
            print(f"  {username:<14} {user.full_name:<36} {described}")
    return 0


def parser() -> argparse.ArgumentParser:
    root = argparse.ArgumentParser(prog="pleno", description="Pleno: motor de flujos de trabajo para entes públicos")
    commands = root.add_subparsers(dest="command", required=True, metavar="comando")

    run = commands.add_parser("run", help="sirve la aplicación web")
    run.add_argument("--host", default="127.0.0.1")
    run.add_argument("--port", type=int, default=8000)
    run.add_argument("--workers", type=int, default=1,
                     help="procesos web (uno por núcleo en producción, con `pleno worker` aparte)")
    run.add_argument("--scheduler", action=argparse.BooleanOptionalAction, default=None,
                     help="ejecutar también los trabajos programados en este proceso "
                          "(por omisión: PLENO_SCHEDULER_IN_WEB)")
    run.set_defaults(handler=cmd_run)

    commands.add_parser("worker", help="ejecuta los trabajos programados").set_defaults(handler=cmd_worker)

    outbox = commands.add_parser("outbox", help="correos salientes").add_subparsers(
        dest="outbox_command", required=True, metavar="subcomando")
    outbox.add_parser("deliver", help="envía ahora los correos pendientes").set_defaults(handler=cmd_outbox_deliver)

    alerts = commands.add_parser("alerts", help="avisos de plazos").add_subparsers(
        dest="alerts_command", required=True, metavar="subcomando")
    alerts.add_parser("sweep", help="revisa ahora los plazos y escribe sus avisos").set_defaults(
        handler=cmd_alerts_sweep)

    db = commands.add_parser("db", help="base de datos").add_subparsers(dest="db_command", required=True,
                                                                         metavar="subcomando")
    db.add_parser("upgrade", help="aplica las migraciones pendientes").set_defaults(handler=cmd_db_upgrade)

    users = commands.add_parser("users", help="usuarios").add_subparsers(dest="users_command", required=True,
                                                                          metavar="subcomando")
    create = users.add_parser("create", help="crea un usuario")
    create.add_argument("username")
    create.add_argument("--name", required=True, help="nombre completo")
    create.add_argument("--email", required=True)
    create.add_argument("--org", required=True, help="clave del ente (slug)")
    create.add_argument("--role", action="append", metavar="ROL[:AREA]",
                        help="rol, opcionalmente en un área; se puede repetir")
    create.add_argument("--password", help="si se omite, se pide sin mostrarla")
    create.set_defaults(handler=cmd_users_create)
    deactivate = users.add_parser("deactivate", help="desactiva una cuenta (no si dejaría tareas abiertas sin "
                                                     "nadie que las vea)")
    deactivate.add_argument("username")
    deactivate.set_defaults(handler=cmd_users_set_active)
    activate = users.add_parser("activate", help="reactiva una cuenta")
    activate.add_argument("username")
    activate.set_defaults(handler=cmd_users_set_active)

    bpmn = commands.add_parser("bpmn", help="diagramas BPMN").add_subparsers(dest="bpmn_command", required=True,
                                                                              metavar="subcomando")
    check = bpmn.add_parser("check", help="verifica todos los archivos bpmn/*.bpmn")
    check.add_argument("--dir", help="otra carpeta de archivos .bpmn")
    check.set_defaults(handler=cmd_bpmn_check)

    audit = commands.add_parser("audit", help="bitácora").add_subparsers(dest="audit_command", required=True,
                                                                          metavar="subcomando")
    verify = audit.add_parser("verify", help="verifica la cadena de la bitácora de cada ente")
    verify.add_argument("--org", help="solo este ente (slug)")
    verify.set_defaults(handler=cmd_audit_verify)

    processes = commands.add_parser("processes", help="procesos BPMN").add_subparsers(
        dest="processes_command", required=True, metavar="subcomando")
    processes.add_parser("resume", help="reanuda los procesos que se detuvieron sin tarea pendiente").set_defaults(
        handler=cmd_processes_resume)

    commands.add_parser("demo", help="crea datos de demostración").set_defaults(handler=cmd_demo)

    backup = commands.add_parser("backup", help="respalda la base y los archivos guardados en un .tar.gz")
    backup.add_argument("--dir", help="dónde escribir el respaldo (predeterminado: PLENO_DATA_DIR/respaldos)")
    backup.set_defaults(handler=cmd_backup)
    restore = commands.add_parser("restore", help="restaura un respaldo (detenga antes pleno run y pleno worker)")
    restore.add_argument("archivo", help="el .tar.gz que escribió pleno backup")
    restore.add_argument("--replace", action="store_true", help="sustituye una base que ya tiene datos")
    restore.set_defaults(handler=cmd_restore)
    return root


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    return args.handler(args)


if __name__ == "__main__":
    sys.exit(main())
