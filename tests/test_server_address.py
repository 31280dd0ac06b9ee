"""Server addresses without a host: libpq's defaults or a service file hold where the server is."""

from __future__ import annotations

from dialogue_app.storage.address import is_server_address, parse_address
from dialogue_app.storage.pg_server import make_server_engine


def test_a_service_file_address_reaches_the_driver_and_round_trips():
    """An IT department that hands out `postgresql:///dialogue?service=city&event=day-2027` (host and
    TLS settings in pg_service.conf) gets an address the app can connect with and remember: the
    driver receives the service, and the address the app stores (recent events) reads back the same."""
    for text in ("postgresql:///dialogue?service=city&event=day-2027", "postgresql://?service=city&event=day-2027"):
        where = parse_address(text)
        assert str(where) == text and is_server_address(str(where)) and parse_address(str(where)) == where
        engine = make_server_engine(where.url, where.schema)
        try:
            assert engine.dialect.create_connect_args(engine.url)[1]["service"] == "city"
        finally:
            engine.dispose()
