# A throwaway PostgreSQL 15 server on loopback for the tests. Source it, then:
#   pg_start   — initdb in a temporary folder, start on a free port as a non-root user,
#                export SHELF_TEST_PG (a libpq connection string)
#   pg_stop    — stop the server and remove its folder (safe to call twice)

PG_BIN=/usr/lib/postgresql/15/bin

pg_free_port() {
    local port
    for _ in $(seq 1 200); do
        port=$((20000 + RANDOM % 20000))
        if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
            echo "$port"
            return 0
        fi
    done
    echo "shelf: no free port found for PostgreSQL" >&2
    return 1
}

pg_start() {
    SHELF_PG_DIR="$(mktemp -d /tmp/shelf-pg.XXXXXX)"
    SHELF_PG_PORT="$(pg_free_port)"
    local runner=()
    if [ "$(id -u)" -eq 0 ]; then
        # PostgreSQL refuses to run as root: use the postgres system account the package created.
        chown postgres:postgres "$SHELF_PG_DIR"
        runner=(runuser -u postgres --)
    fi
    "${runner[@]}" "$PG_BIN/initdb" -D "$SHELF_PG_DIR/data" -U shelf -A trust --no-sync -E UTF8 \
        >"$SHELF_PG_DIR/initdb.log" 2>&1 || { cat "$SHELF_PG_DIR/initdb.log"; return 1; }
    "${runner[@]}" "$PG_BIN/pg_ctl" -D "$SHELF_PG_DIR/data" -l "$SHELF_PG_DIR/server.log" -w -t 60 \
        -o "-p $SHELF_PG_PORT -k $SHELF_PG_DIR -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200" \
        start >/dev/null || { cat "$SHELF_PG_DIR/server.log"; return 1; }
    SHELF_PG_RUNNER=("${runner[@]}")
    export SHELF_TEST_PG="host=127.0.0.1 port=$SHELF_PG_PORT user=shelf dbname=postgres"
    echo "shelf: PostgreSQL 15 running on 127.0.0.1:$SHELF_PG_PORT (data in $SHELF_PG_DIR)"
}

pg_stop() {
    [ -n "${SHELF_PG_DIR:-}" ] || return 0
    if [ -d "$SHELF_PG_DIR/data" ]; then
        "${SHELF_PG_RUNNER[@]}" "$PG_BIN/pg_ctl" -D "$SHELF_PG_DIR/data" -m immediate -w stop >/dev/null 2>&1 || true
    fi
    rm -rf "$SHELF_PG_DIR"
    echo "shelf: PostgreSQL stopped"
    SHELF_PG_DIR=""
}
