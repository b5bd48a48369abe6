"""Django's PostgreSQL backend for a database reached through a connection pooler (DATABASE_POOLER, see
portal/settings/database.py). Queries are Django's own; only making and dropping the test databases differs.

A pooler keeps idle server connections to each database it has served, so PostgreSQL would refuse to drop a test
database (or copy it as a template) "being accessed by other users". Test databases are therefore made and
dropped over a direct connection when DATABASE_DIRECT_URL gives one (the "DIRECT" entry of the settings), and the
pool's leftover server connections to them are ended first (DROP DATABASE … WITH (FORCE), PostgreSQL ≥ 13).
"""

from django.db.backends.postgresql import base, creation


class DatabaseCreation(creation.DatabaseCreation):
    def _execute_create_test_db(self, cursor, parameters, keepdb=False):
        if not keepdb:  # a database left by an earlier run is dropped and made again: end the pool's sessions on it
            _end_sessions(cursor, parameters["dbname"])
        template = self.connection.settings_dict["NAME"]
        if "TEMPLATE" in parameters.get("suffix", ""):  # a clone for parallel tests copies the test database
            _end_sessions(cursor, self._quote_name(template))
        super()._execute_create_test_db(cursor, parameters, keepdb)

    def _destroy_test_db(self, test_database_name, verbosity):
        with self._nodb_cursor() as cursor:
            cursor.execute(f"DROP DATABASE {self._quote_name(test_database_name)} WITH (FORCE)")


def _end_sessions(cursor, quoted_name: str) -> None:
    cursor.execute(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()",
        [quoted_name.strip('"')],
    )


class DatabaseWrapper(base.DatabaseWrapper):
    creation_class = DatabaseCreation

    def _nodb_cursor(self):
        direct = self.settings_dict.get("DIRECT")
        if not direct:
            return super()._nodb_cursor()
        return base.DatabaseWrapper({**self.settings_dict, **direct}, alias=self.alias)._nodb_cursor()
