"""leadflow web application: create_app() wires config, extensions, blueprints and CLI."""

from collections.abc import Mapping

from flask import Flask

from webapp.config import ROOT, config_for_env, secret_key_problem


def create_app(config: type | Mapping | None = None) -> Flask:
    """Build the app from a config class (or a mapping of overrides on top of the env config)."""
    app = Flask(
        __name__,
        template_folder=str(ROOT / "templates"),
        static_folder=str(ROOT / "static"),
    )
    if config is None or isinstance(config, Mapping):
        app.config.from_object(config_for_env())
        app.config.update(config or {})
    else:
        app.config.from_object(config)
    _refuse_unsafe_production(app)
    from webapp.json_codec import JSONProvider

    app.json = JSONProvider(app)
    app.instance_path = str(app.config["INSTANCE_PATH"])
    from webapp.paging import DatabaseIntConverter

    app.url_map.converters["int"] = DatabaseIntConverter

    from webapp import cli, errors, field_history, i18n, mail, scheduler, security, templating, upload_limit
    from webapp.database import init_database
    from webapp.duplicates import stamping as duplicate_keys
    from webapp.extensions import csrf, db, login_manager, migrate
    from webapp.leads import breaches as window_breaches
    from webapp.leads import first_contact, furthest
    from webapp.notifications import services as notifications
    from webapp.reports import activity_days, lead_days
    from webapp.scoring import live as live_scores

    init_database(app)
    migrate.init_app(app, db, directory=str(ROOT / "migrations"), render_as_batch=True)
    csrf.init_app(app)
    login_manager.init_app(app)
    security.init_app(app)
    i18n.init_app(app)
    templating.init_app(app)
    errors.init_app(app)
    upload_limit.init_app(app)
    mail.init_app(app)
    notifications.init_app(app)
    _register_blueprints(app)
    field_history.init_app(app)
    duplicate_keys.init_app(app)
    live_scores.init_app(app)
    first_contact.init_app(app)
    furthest.init_app(app)
    window_breaches.init_app(app)
    activity_days.init_app(app)
    lead_days.init_app(app)  # after first_contact: it reads the first contacts that hook wrote
    _register_periodic_jobs()
    cli.init_app(app)
    scheduler.init_app(app)
    return app


def _register_blueprints(app: Flask) -> None:
    from webapp.api import bp as api_bp
    from webapp.auth import bp as auth_bp
    from webapp.campaigns import bp as campaigns_bp
    from webapp.contacts import bp as contacts_bp
    from webapp.custom_fields import bp as custom_fields_bp
    from webapp.dashboard import bp as dashboard_bp
    from webapp.duplicate_finder import bp as duplicate_finder_bp
    from webapp.exports import bp as exports_bp
    from webapp.imports import bp as imports_bp
    from webapp.invoices import bp as invoices_bp
    from webapp.lead_batches import bp as lead_batches_bp
    from webapp.leads import bp as leads_bp
    from webapp.materials import bp as materials_bp
    from webapp.notifications import bp as notifications_bp
    from webapp.offers import bp as offers_bp
    from webapp.organizations import bp as organizations_bp
    from webapp.privacy import bp as privacy_bp
    from webapp.reports import bp as reports_bp
    from webapp.scoring.routes import bp as scoring_bp
    from webapp.settings import bp as settings_bp
    from webapp.target_groups import bp as target_groups_bp
    from webapp.users import bp as users_bp

    for bp in (api_bp, auth_bp, dashboard_bp, contacts_bp, organizations_bp, leads_bp, offers_bp, invoices_bp,
               imports_bp, privacy_bp, reports_bp, scoring_bp, settings_bp, exports_bp, notifications_bp,
               duplicate_finder_bp, users_bp, custom_fields_bp,
               campaigns_bp, materials_bp, lead_batches_bp, target_groups_bp):
        app.register_blueprint(bp)


def _register_periodic_jobs() -> None:
    """Each domain adds its periodic jobs to the scheduler's list (which imports no domain), and
    the notifications hear of finished jobs (webapp.jobs imports no domain either)."""
    from webapp.duplicates.jobs import register_periodic as duplicate_jobs
    from webapp.imports.jobs import register_periodic as import_jobs
    from webapp.invoices.jobs import register_periodic as invoice_jobs
    from webapp.jobs import on_finish
    from webapp.leads.jobs import register_periodic as lead_jobs
    from webapp.notifications.events import job_finished
    from webapp.notifications.jobs import register_periodic as notification_jobs
    from webapp.offers.jobs import register_periodic as offer_jobs
    from webapp.reports.jobs import register_periodic as report_jobs
    from webapp.scoring.jobs import register_periodic as scoring_jobs

    for register in (import_jobs, lead_jobs, offer_jobs, invoice_jobs, scoring_jobs, notification_jobs, report_jobs,
                     duplicate_jobs):
        register()
    on_finish(job_finished)


def _refuse_unsafe_production(app: Flask) -> None:
    # A guessable key lets anyone forge a session cookie, an admin's included.
    problem = secret_key_problem(app.config.get("SECRET_KEY"))
    if app.config.get("ENV_NAME") == "production" and problem:
        raise RuntimeError(
            f"Refusing to start in production: {problem}. Set SECRET_KEY in the environment to a long "
            'random string, e.g. python -c "import secrets; print(secrets.token_hex(32))".'
        )
