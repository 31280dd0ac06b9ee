"""The four roles of a shared server, enforced by PostgreSQL itself (grants and row-level security).

``server init`` creates four group roles (NOLOGIN) and grants them what they may do in every
event's schema; a new event gets the same grants in the transaction that creates it. People log
in as LOGIN roles that are members of one group (``dialogue-app server add-user``):

* ``dialogue_organiser``: everything in every event (and may create events);
* ``dialogue_door``: check-in, walk-ins and attendance only: people's names, codes, e-mail and
  attendance (column grants), tables, seats; it may mark attendance and seats and add walk-ins.
  Nothing on ``person_value`` (background values), ``consent``, notes, phone, needs or any other
  table;
* ``dialogue_facilitator``: the rounds at their own tables: table sessions, talking turns, notes,
  commitments and survey entry, limited by row-level security to the tables whose host they are
  or where they are seated (``dialogue_server.facilitator_person`` maps a login to a person of
  an event);
* ``dialogue_privacy``: consent, access requests, forgetting and purging: reads everything,
  changes and deletes personal rows, records consent and the privacy log.

Every statement here is idempotent: ``server init`` re-applies all of it to every event.
"""

from __future__ import annotations

from sqlalchemy import text
from sqlalchemy.engine import Connection

CONTROL = "dialogue_server"  # the control schema (pg_server.CONTROL_SCHEMA)

ORGANISER = "dialogue_organiser"
DOOR = "dialogue_door"
FACILITATOR = "dialogue_facilitator"
PRIVACY = "dialogue_privacy"
#: The group roles, in the order the app names them (role key -> PostgreSQL role).
GROUPS: dict[str, str] = {"organiser": ORGANISER, "door": DOOR, "facilitator": FACILITATOR, "privacy": PRIVACY}

#: The columns of ``person`` the door and the facilitators may read: who someone is and whether
#: they came, never contact details beyond e-mail, needs, notes or identity keys.
PERSON_PUBLIC = ("id", "row_version", "event_id", "code", "first_name", "last_name", "email", "languages", "wheelchair",
                 "attendance", "checked_in_at", "walk_in", "invited_by_id", "anonymised", "created_at",
                 "updated_at")
#: What checking in changes on ``person``.
PERSON_ATTENDANCE = ("attendance", "checked_in_at", "walk_in", "updated_at", "row_version")
#: The event's settings without the organisers' notes.
EVENT_PUBLIC_EXCLUDED = ("notes",)

#: Tables the door and the facilitators read whole (no personal columns).
SHARED_READ = ("dialogue_table", "venue", "time_slot", "assignment", "person_role", "dimension", "category",
               "package_manifest")
FACILITATOR_READ = ("script_phase", "ground_rule", "survey_item")
#: Row-level security for facilitators: table -> the condition on a row of their tables.
FACILITATOR_ROWS = {
    "table_session": "table_id IN (SELECT {s}.dialogue_my_tables())",
    "commitment": "table_id IN (SELECT {s}.dialogue_my_tables())",
    "phase_run": "session_id IN (SELECT id FROM {s}.table_session)",
    "talking_turn": "session_id IN (SELECT id FROM {s}.table_session)",
    "survey_response": "table_number IN (SELECT number FROM {s}.dialogue_table "
                       "WHERE id IN (SELECT {s}.dialogue_my_tables()))",
    "survey_answer": "response_id IN (SELECT id FROM {s}.survey_response)",
}
FACILITATOR_DELETE = ("table_session", "phase_run", "talking_turn", "commitment")
PRIVACY_INSERT = ("consent", "consent_text", "privacy_log")


def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def roles_exist(conn: Connection) -> bool:
    """True when ``server init`` has created the four group roles on this server."""
    found = conn.execute(text("SELECT count(*) FROM pg_roles WHERE rolname = ANY(:r)"), {"r": list(GROUPS.values())})
    return found.scalar_one() == len(GROUPS)


def create_roles(conn: Connection) -> None:
    """The four group roles (NOLOGIN) and the control schema's grants; the login→person map."""
    for role in GROUPS.values():
        conn.execute(text(
            f"DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '{role}') THEN "
            f"CREATE ROLE {role} NOLOGIN; END IF; END $$"
        ))
    conn.execute(text(
        f"CREATE TABLE IF NOT EXISTS {CONTROL}.facilitator_person (login text NOT NULL, event text NOT NULL "
        f"REFERENCES {CONTROL}.event_registry(name) ON DELETE CASCADE, person_id uuid NOT NULL, "
        "PRIMARY KEY (login, event))"
    ))
    everyone = ", ".join(GROUPS.values())
    conn.execute(text(f"GRANT USAGE ON SCHEMA {CONTROL} TO {everyone}"))
    conn.execute(text(f"GRANT SELECT ON {CONTROL}.event_registry, {CONTROL}.server_info TO {everyone}"))
    conn.execute(text(f"GRANT SELECT ON {CONTROL}.facilitator_person TO {ORGANISER}"))
    conn.execute(text(f"GRANT INSERT ON {CONTROL}.event_registry TO {ORGANISER}"))
    database = str(conn.execute(text("SELECT current_database()")).scalar_one())
    conn.execute(text(f"GRANT CONNECT, CREATE ON DATABASE {_q(database)} TO {ORGANISER}"))
    conn.execute(text(f"GRANT CONNECT ON DATABASE {_q(database)} TO {DOOR}, {FACILITATOR}, {PRIVACY}"))


def _tables(conn: Connection, schema: str) -> set[str]:
    rows = conn.execute(
        text("SELECT table_name FROM information_schema.tables WHERE table_schema = :s AND table_type = 'BASE TABLE'"),
        {"s": schema},
    )
    return {str(r[0]) for r in rows}


def _columns(conn: Connection, schema: str, table: str) -> list[str]:
    rows = conn.execute(
        text("SELECT column_name FROM information_schema.columns WHERE table_schema = :s AND table_name = :t "
             "ORDER BY ordinal_position"),
        {"s": schema, "t": table},
    )
    return [str(r[0]) for r in rows]


def _my_tables_function(conn: Connection, schema: str, event: str) -> None:
    """``<schema>.dialogue_my_tables()``: the tables of the logged-in facilitator (host of the table, or
    seated at it), read as the function's owner so that the policies never recurse."""
    s = _q(schema)
    event_literal = "'" + event.replace("'", "''") + "'"
    conn.execute(text(
        f"""CREATE OR REPLACE FUNCTION {s}.dialogue_my_tables() RETURNS SETOF uuid
        LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $fn$
          WITH me AS (SELECT person_id FROM {CONTROL}.facilitator_person
                      WHERE login = session_user AND event = {event_literal})
          SELECT t.id FROM {s}.dialogue_table t WHERE t.host_id IN (SELECT person_id FROM me)
          UNION SELECT a.table_id FROM {s}.assignment a WHERE a.person_id IN (SELECT person_id FROM me)
        $fn$"""
    ))
    conn.execute(text(f"REVOKE ALL ON FUNCTION {s}.dialogue_my_tables() FROM PUBLIC"))
    conn.execute(text(f"GRANT EXECUTE ON FUNCTION {s}.dialogue_my_tables() TO {FACILITATOR}"))


#: What adding a walk-in at the door writes besides the person: undoing it removes these with them.
WALK_IN_ROWS = frozenset({"person_role", "assignment"})


def _undo_walk_in_function(conn: Connection, schema: str) -> None:
    """``<schema>.dialogue_undo_walk_in(uuid)``: the door's Undo of a walk-in. The door may not read or
    delete people; this removes a walk-in with their roles and seats only, run as the function's owner,
    and only while no other row refers to them (a background value, consent, a note or commitment:
    then an organiser removes them). Returns 'deleted', 'gone' (no such walk-in) or 'more'."""
    s = _q(schema)
    refs = conn.execute(text(
        "SELECT r.relname, a.attname FROM pg_constraint c JOIN pg_class r ON r.oid = c.conrelid "
        "JOIN pg_namespace n ON n.oid = r.relnamespace JOIN pg_class t ON t.oid = c.confrelid "
        "JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = ANY(c.conkey) "
        "WHERE c.contype = 'f' AND n.nspname = :s AND t.relname = 'person' AND t.relnamespace = n.oid "
        "ORDER BY 1, 2"), {"s": schema}).all()
    others = [f"EXISTS (SELECT 1 FROM {s}.{_q(str(table))} WHERE {_q(str(column))} = pid)"
              for table, column in refs if table not in WALK_IN_ROWS]
    conn.execute(text(
        f"""CREATE OR REPLACE FUNCTION {s}.dialogue_undo_walk_in(pid uuid) RETURNS text
        LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $fn$
        BEGIN
          PERFORM 1 FROM {s}.person WHERE id = pid AND walk_in FOR UPDATE;
          IF NOT FOUND THEN RETURN 'gone'; END IF;
          IF {" OR ".join(others) or "false"} THEN RETURN 'more'; END IF;
          DELETE FROM {s}.person WHERE id = pid;
          RETURN 'deleted';
        END $fn$"""
    ))
    conn.execute(text(f"REVOKE ALL ON FUNCTION {s}.dialogue_undo_walk_in(uuid) FROM PUBLIC"))
    conn.execute(text(f"GRANT EXECUTE ON FUNCTION {s}.dialogue_undo_walk_in(uuid) TO {DOOR}, {ORGANISER}"))


def undo_walk_in(conn: Connection, person_id: object) -> str | None:
    """Run the event's ``dialogue_undo_walk_in``: 'deleted', 'gone' or 'more'; None when the event
    has no such function yet (its server was prepared by an older app: ``server init`` adds it)."""
    if conn.execute(text("SELECT to_regprocedure('dialogue_undo_walk_in(uuid)')")).scalar() is None:
        return None
    return str(conn.execute(text("SELECT dialogue_undo_walk_in(:pid)"), {"pid": person_id}).scalar_one())


def _row_security(conn: Connection, schema: str, tables: set[str]) -> None:
    s = _q(schema)
    for table, condition in FACILITATOR_ROWS.items():
        if table not in tables:
            continue
        t = f"{s}.{_q(table)}"
        rule = condition.format(s=s)
        conn.execute(text(f"ALTER TABLE {t} ENABLE ROW LEVEL SECURITY"))
        conn.execute(text(f"DROP POLICY IF EXISTS dialogue_everything ON {t}"))
        conn.execute(text(f"CREATE POLICY dialogue_everything ON {t} TO {ORGANISER}, {PRIVACY} "
                          "USING (true) WITH CHECK (true)"))
        conn.execute(text(f"DROP POLICY IF EXISTS dialogue_own_tables ON {t}"))
        conn.execute(text(f"CREATE POLICY dialogue_own_tables ON {t} TO {FACILITATOR} "
                          f"USING ({rule}) WITH CHECK ({rule})"))


def grant_event(conn: Connection, schema: str, event: str) -> None:
    """Grant an event's tables to the four roles (idempotent; nothing when the roles are missing)."""
    if not roles_exist(conn):
        return
    s = _q(schema)
    tables = _tables(conn, schema)
    everyone = ", ".join(GROUPS.values())
    conn.execute(text(f"GRANT USAGE ON SCHEMA {s} TO {everyone}"))
    # start from nothing (column grants go with the table's), so a narrowed grant narrows on re-application
    conn.execute(text(f"REVOKE ALL ON ALL TABLES IN SCHEMA {s} FROM {everyone}"))
    conn.execute(text(f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA {s} TO {ORGANISER}"))
    conn.execute(text(f"GRANT SELECT, UPDATE, DELETE ON ALL TABLES IN SCHEMA {s} TO {PRIVACY}"))
    if "alembic_version" in tables:
        conn.execute(text(f"REVOKE INSERT, UPDATE, DELETE ON {s}.alembic_version FROM {ORGANISER}, {PRIVACY}"))
        conn.execute(text(f"GRANT SELECT ON {s}.alembic_version TO {DOOR}, {FACILITATOR}"))
    for table in PRIVACY_INSERT:
        if table in tables:
            conn.execute(text(f"GRANT INSERT ON {s}.{_q(table)} TO {PRIVACY}"))
    _grant_door_and_facilitator(conn, schema, tables)
    _my_tables_function(conn, schema, event)
    _undo_walk_in_function(conn, schema)
    _row_security(conn, schema, tables)


def _grant_door_and_facilitator(conn: Connection, schema: str, tables: set[str]) -> None:
    s = _q(schema)
    both = f"{DOOR}, {FACILITATOR}"
    event_columns = [c for c in _columns(conn, schema, "event") if c not in EVENT_PUBLIC_EXCLUDED]
    conn.execute(text(f"GRANT SELECT ({', '.join(map(_q, event_columns))}) ON {s}.event TO {both}"))
    conn.execute(text(f"GRANT SELECT ({', '.join(PERSON_PUBLIC)}) ON {s}.person TO {both}"))
    rule_columns = [c for c in _columns(conn, schema, "pair_rule") if c != "note"]
    conn.execute(text(f"GRANT SELECT ({', '.join(map(_q, rule_columns))}) ON {s}.pair_rule TO {both}"))
    for table in SHARED_READ:
        conn.execute(text(f"GRANT SELECT ON {s}.{_q(table)} TO {both}"))
    # the door: attendance, seats, walk-ins (a new person row; it reads back only the public columns)
    conn.execute(text(f"GRANT UPDATE ({', '.join(PERSON_ATTENDANCE)}) ON {s}.person TO {DOOR}"))
    conn.execute(text(f"GRANT INSERT ON {s}.person, {s}.person_role, {s}.assignment TO {DOOR}"))
    conn.execute(text(f"GRANT UPDATE (table_id, locked, seated, updated_at, row_version) ON {s}.assignment TO {DOOR}"))
    # facilitators: their tables' rounds, notes, commitments and survey entry (rows: row-level security)
    for table in FACILITATOR_READ:
        if table in tables:
            conn.execute(text(f"GRANT SELECT ON {s}.{_q(table)} TO {FACILITATOR}"))
    for table in FACILITATOR_ROWS:
        if table in tables:
            delete = ", DELETE" if table in FACILITATOR_DELETE else ""
            conn.execute(text(f"GRANT SELECT, INSERT, UPDATE{delete} ON {s}.{_q(table)} TO {FACILITATOR}"))


def apply_all(conn: Connection) -> None:
    """``server init``'s hook: the roles, then the grants of every registered event."""
    create_roles(conn)
    rows = conn.execute(text(f"SELECT name, schema_name FROM {CONTROL}.event_registry ORDER BY name")).all()
    for name, schema in rows:
        grant_event(conn, str(schema), str(name))


def on_event_created(conn: Connection, address) -> None:
    """The event-creation hook: the new event's grants, in the creating transaction."""
    grant_event(conn, address.schema, address.event)
