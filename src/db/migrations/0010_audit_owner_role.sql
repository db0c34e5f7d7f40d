-- The audit chain is appended to by the database, not by the application (docs/audit.md):
-- audit_append() locks the chain, reads the head, hashes the row (sha256-v2, computed here),
-- inserts it and advances the head in one call. pg_temp.audit_secure_chain() then hands both tables and
-- these functions to the NOLOGIN role kechuang_audit_owner, so that a role which may only call
-- audit_append() (a member of kechuang_audit_writer) can neither write the tables directly, nor
-- disable their trigger, nor replace the functions.
--
-- Every statement may run again: `kechuang audit secure` runs this file once more as a superuser
-- where it first ran as someone else (and then gave nothing away). It defines every function
-- afresh rather than trust what a former owner of the tables may have left in their place.
ALTER TABLE "audit_head" ALTER COLUMN "algorithm" SET DEFAULT 'sha256-v2';
--> statement-breakpoint
-- New rows are hashed by the database; a deployment that chose SM3 keeps it (hashed by the application).
UPDATE audit_head SET algorithm = 'sha256-v2' WHERE algorithm = 'sha256';
--> statement-breakpoint
-- As in migration 0002, defined again: its owner until now may have changed it.
CREATE OR REPLACE FUNCTION audit_log_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_log is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
END;
$$;
--> statement-breakpoint
-- The canonical text of a sha256-v2 row; src/audit/audit-hash.ts (canonicalAuditTextV2) builds the same bytes.
CREATE OR REPLACE FUNCTION audit_canonical_v2(
  p_prev_hash text, p_occurred_at timestamptz, p_actor_id text, p_actor_username text, p_actor_role text,
  p_action text, p_entity_type text, p_entity_id text, p_before jsonb, p_after jsonb,
  p_outcome text, p_request_id text, p_client_ip text, p_hash_algorithm text
) RETURNS text LANGUAGE sql STABLE SET search_path = pg_catalog, pg_temp AS $$
  SELECT 'kechuang-audit-v2' || E'\n' || string_agg(
           f.name || '=' || CASE WHEN f.value IS NULL THEN '~' ELSE octet_length(convert_to(f.value, 'UTF8'))::text || ':' || f.value END || E'\n',
           '' ORDER BY f.position)
  FROM (VALUES
    (1, 'prev_hash', p_prev_hash),
    (2, 'occurred_at', to_char(p_occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')),
    (3, 'actor_id', p_actor_id),
    (4, 'actor_username', p_actor_username),
    (5, 'actor_role', p_actor_role),
    (6, 'action', p_action),
    (7, 'entity_type', p_entity_type),
    (8, 'entity_id', p_entity_id),
    (9, 'before', p_before::text),
    (10, 'after', p_after::text),
    (11, 'outcome', p_outcome),
    (12, 'request_id', p_request_id),
    (13, 'client_ip', p_client_ip),
    (14, 'hash_algorithm', p_hash_algorithm)
  ) AS f(position, name, value)
$$;
--> statement-breakpoint
-- The one way to append. The application passes the event; the database chooses prev_hash, seq,
-- the time (when none is given) and, for sha256-v2, the hash. For sm3 and sha256 (version 1) the
-- caller passes the hash it computed and the head it linked to: a stale head fails with 40001.
CREATE OR REPLACE FUNCTION audit_append(
  p_occurred_at timestamptz, p_actor_id text, p_actor_username text, p_actor_role text,
  p_action text, p_entity_type text, p_entity_id text, p_before jsonb, p_after jsonb,
  p_outcome text, p_request_id text, p_client_ip text,
  p_algorithm text DEFAULT NULL, p_prev_hash text DEFAULT NULL, p_hash text DEFAULT NULL
) RETURNS TABLE (appended_seq bigint, appended_hash text)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  v_head public.audit_head%ROWTYPE;
  v_algorithm text;
  v_at timestamptz;
  v_hash text;
  v_seq bigint;
BEGIN
  -- The same key as before (src/audit/audit-repository.ts): every append waits for the one before.
  PERFORM pg_advisory_xact_lock(42162023);
  -- FOR UPDATE as well: a caller's REPEATABLE READ snapshot older than the last append fails
  -- (40001) instead of forking the chain from a stale head.
  SELECT * INTO v_head FROM public.audit_head WHERE id = 'main' FOR UPDATE;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'the audit_head row is missing' USING ERRCODE = 'object_not_in_prerequisite_state';
  END IF;
  IF p_outcome IS NULL OR p_outcome NOT IN ('success', 'failure', 'denied') THEN
    RAISE EXCEPTION 'audit outcome must be success, failure or denied, got %', p_outcome USING ERRCODE = 'invalid_parameter_value';
  END IF;
  v_algorithm := coalesce(p_algorithm, v_head.algorithm);
  -- Stored with millisecond precision: hash the value as stored.
  v_at := CAST(coalesce(p_occurred_at, clock_timestamp()) AS timestamp(3) with time zone);
  IF v_algorithm = 'sha256-v2' THEN
    IF p_hash IS NOT NULL THEN
      RAISE EXCEPTION 'sha256-v2 rows are hashed by the database: pass no hash' USING ERRCODE = 'invalid_parameter_value';
    END IF;
    v_hash := encode(sha256(convert_to(public.audit_canonical_v2(
      v_head.last_hash, v_at, p_actor_id, p_actor_username, p_actor_role, p_action, p_entity_type, p_entity_id,
      p_before, p_after, p_outcome, p_request_id, p_client_ip, v_algorithm), 'UTF8')), 'hex');
  ELSIF v_algorithm IN ('sha256', 'sm3') THEN
    IF p_hash IS NULL OR p_hash !~ '^[0-9a-f]{64}$' OR p_occurred_at IS NULL THEN
      RAISE EXCEPTION '% rows are hashed by the application: pass the time and the 64-hex-digit hash', v_algorithm USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF p_prev_hash IS DISTINCT FROM v_head.last_hash THEN
      RAISE EXCEPTION 'the audit head moved while the row was hashed' USING ERRCODE = 'serialization_failure';
    END IF;
    v_hash := p_hash;
  ELSE
    RAISE EXCEPTION 'unknown audit hash algorithm %', v_algorithm USING ERRCODE = 'invalid_parameter_value';
  END IF;
  INSERT INTO public.audit_log AS l (occurred_at, actor_id, actor_username, actor_role, action, entity_type, entity_id,
                                before, after, outcome, request_id, client_ip, hash_algorithm, prev_hash, hash)
  VALUES (v_at, p_actor_id, p_actor_username, p_actor_role, p_action, p_entity_type, p_entity_id,
          p_before, p_after, p_outcome, p_request_id, p_client_ip, v_algorithm, v_head.last_hash, v_hash)
  RETURNING l.seq INTO v_seq;
  UPDATE public.audit_head SET last_seq = v_seq, last_hash = v_hash, row_count = v_head.row_count + 1 WHERE id = 'main';
  appended_seq := v_seq;
  appended_hash := v_hash;
  RETURN NEXT;
END;
$$;
--> statement-breakpoint
-- The deployment's choice of algorithm for new rows (`kechuang audit set-algorithm`); earlier rows keep theirs.
CREATE OR REPLACE FUNCTION audit_set_algorithm(p_algorithm text) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
BEGIN
  IF p_algorithm IS NULL OR p_algorithm NOT IN ('sha256-v2', 'sm3') THEN
    RAISE EXCEPTION 'audit algorithm must be sha256-v2 or sm3, got %', p_algorithm USING ERRCODE = 'invalid_parameter_value';
  END IF;
  UPDATE public.audit_head SET algorithm = p_algorithm WHERE id = 'main';
END;
$$;
--> statement-breakpoint
-- A role owning the database owns the schema public too (PostgreSQL 15: pg_database_owner), and a
-- schema's owner may drop any object in it, or rename the schema and put a forged log in its place.
-- This guard refuses both to anyone but a superuser; audit_secure_chain() installs it.
CREATE OR REPLACE FUNCTION audit_guard_ddl() RETURNS event_trigger LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
BEGIN
  IF (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) THEN
    RETURN;
  END IF;
  IF TG_EVENT = 'sql_drop' THEN
    IF EXISTS (SELECT 1 FROM pg_event_trigger_dropped_objects() o
               WHERE o.object_identity ~ '(^|[ (,])public\.audit_' OR o.schema_name = 'kechuang_audit' OR o.object_identity = 'kechuang_audit') THEN
      RAISE EXCEPTION 'the audit log, its head and its functions can be dropped by a superuser only' USING ERRCODE = 'insufficient_privilege';
    END IF;
  ELSIF to_regclass('public.audit_log') IS NULL OR to_regclass('public.audit_head') IS NULL THEN
    RAISE EXCEPTION 'the schema holding the audit log can be renamed by a superuser only' USING ERRCODE = 'insufficient_privilege';
  END IF;
END;
$$;
--> statement-breakpoint
-- Hands the chain to kechuang_audit_owner. Needs a superuser (creating roles, giving objects
-- away); run by anyone else it changes nothing and says so, and a superuser later runs
-- `kechuang audit secure` (this file again). Roles belong to the whole server, so both are created
-- once and shared by every Kechuang database on it. A temporary function: nothing of it remains
-- for anyone to change between runs.
CREATE OR REPLACE FUNCTION pg_temp.audit_secure_chain() RETURNS text LANGUAGE plpgsql AS $$
DECLARE
  v_previous_owner name;
  v_previous_owner_super boolean;
  v_grantee text;
  v_found text;
BEGIN
  IF NOT (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) THEN
    RAISE WARNING 'audit_log stays owned by %, which can rewrite it: run `kechuang audit secure` as a superuser (docs/audit.md)', current_user;
    RETURN 'not separated: ' || current_user || ' is not a superuser';
  END IF;
  -- Whoever owned the tables until now could have hung code on them that audit_append() would
  -- then run as kechuang_audit_owner (a trigger, a rule, a default, a check, a domain type, an
  -- expression index, a child table). Anything not made by the migrations stops the handover.
  SELECT string_agg(c.relname || '.' || a.attname || ' ' || format_type(a.atttypid, a.atttypmod), ', ' ORDER BY c.relname, a.attname) INTO v_found
  FROM pg_class c JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
  WHERE c.oid IN ('public.audit_log'::regclass, 'public.audit_head'::regclass);
  IF v_found IS DISTINCT FROM 'audit_head.algorithm text, audit_head.id text, audit_head.last_hash text, audit_head.last_seq bigint, audit_head.row_count bigint, '
      || 'audit_log.action text, audit_log.actor_id text, audit_log.actor_role text, audit_log.actor_username text, audit_log.after jsonb, audit_log.before jsonb, '
      || 'audit_log.client_ip text, audit_log.entity_id text, audit_log.entity_type text, audit_log.hash text, audit_log.hash_algorithm text, '
      || 'audit_log.occurred_at timestamp(3) with time zone, audit_log.outcome text, audit_log.prev_hash text, audit_log.request_id text, audit_log.seq bigint' THEN
    RAISE EXCEPTION 'the audit tables were altered (columns: %); inspect them before securing the chain (docs/audit.md)', v_found USING ERRCODE = 'object_not_in_prerequisite_state';
  END IF;
  SELECT string_agg(what, '; ') INTO v_found FROM (
    SELECT 'generated column ' || attname AS what FROM pg_attribute WHERE attrelid IN ('public.audit_log'::regclass, 'public.audit_head'::regclass) AND attgenerated <> ''
    UNION ALL
    SELECT 'default ' || pg_get_expr(d.adbin, d.adrelid) FROM pg_attrdef d
      WHERE d.adrelid IN ('public.audit_log'::regclass, 'public.audit_head'::regclass)
        AND NOT (d.adrelid = 'public.audit_head'::regclass AND pg_get_expr(d.adbin, d.adrelid) = '''sha256-v2''::text')
    UNION ALL
    SELECT 'constraint ' || conname FROM pg_constraint WHERE conrelid IN ('public.audit_log'::regclass, 'public.audit_head'::regclass) AND contype NOT IN ('p', 'u', 'n')
    UNION ALL
    SELECT 'trigger ' || tgname FROM pg_trigger WHERE tgrelid IN ('public.audit_log'::regclass, 'public.audit_head'::regclass) AND NOT tgisinternal
      AND tgname NOT IN ('audit_log_no_update_or_delete', 'audit_log_no_truncate')
    UNION ALL
    SELECT 'rule ' || rulename FROM pg_rules WHERE schemaname = 'public' AND tablename IN ('audit_log', 'audit_head')
    UNION ALL
    SELECT 'policy ' || polname FROM pg_policy WHERE polrelid IN ('public.audit_log'::regclass, 'public.audit_head'::regclass)
    UNION ALL
    SELECT 'row level security on ' || relname FROM pg_class WHERE oid IN ('public.audit_log'::regclass, 'public.audit_head'::regclass) AND (relrowsecurity OR relforcerowsecurity)
    UNION ALL
    SELECT 'not a plain logged table: ' || relname FROM pg_class WHERE oid IN ('public.audit_log'::regclass, 'public.audit_head'::regclass) AND (relkind <> 'r' OR relpersistence <> 'p')
    UNION ALL
    SELECT 'inheritance ' || inhrelid::regclass::text || ' of ' || inhparent::regclass::text FROM pg_inherits
      WHERE inhrelid IN ('public.audit_log'::regclass, 'public.audit_head'::regclass) OR inhparent IN ('public.audit_log'::regclass, 'public.audit_head'::regclass)
    UNION ALL
    SELECT 'expression or partial index ' || indexrelid::regclass::text FROM pg_index
      WHERE indrelid IN ('public.audit_log'::regclass, 'public.audit_head'::regclass) AND (indexprs IS NOT NULL OR indpred IS NOT NULL)
  ) AS unexpected;
  IF v_found IS NOT NULL THEN
    RAISE EXCEPTION 'the audit tables carry what no migration made (%); inspect them before securing the chain (docs/audit.md)', v_found USING ERRCODE = 'object_not_in_prerequisite_state';
  END IF;

  BEGIN
    CREATE ROLE kechuang_audit_owner NOLOGIN;
  EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; -- created before, or by a concurrent migration
  END;
  BEGIN
    CREATE ROLE kechuang_audit_writer NOLOGIN;
  EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
  END;
  -- The role that owned the log ran the earlier migrations: the application, on deployments from
  -- before this one. It keeps the right to append (through audit_append) and to read, nothing more.
  SELECT r.rolname, r.rolsuper INTO v_previous_owner, v_previous_owner_super
  FROM pg_class c JOIN pg_roles r ON r.oid = c.relowner WHERE c.oid = 'public.audit_log'::regclass;
  IF NOT v_previous_owner_super AND v_previous_owner <> 'kechuang_audit_owner' THEN
    EXECUTE format('GRANT kechuang_audit_writer TO %I', v_previous_owner);
  END IF;
  ALTER TABLE public.audit_log OWNER TO kechuang_audit_owner;
  ALTER TABLE public.audit_head OWNER TO kechuang_audit_owner;
  -- The append-only triggers as migration 0002 made them, enabled (a former owner could have dropped or disabled them).
  DROP TRIGGER IF EXISTS audit_log_no_update_or_delete ON public.audit_log;
  DROP TRIGGER IF EXISTS audit_log_no_truncate ON public.audit_log;
  CREATE TRIGGER audit_log_no_update_or_delete BEFORE UPDATE OR DELETE ON public.audit_log FOR EACH ROW EXECUTE FUNCTION public.audit_log_refuse_change();
  CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON public.audit_log FOR EACH STATEMENT EXECUTE FUNCTION public.audit_log_refuse_change();
  ALTER FUNCTION public.audit_log_refuse_change() OWNER TO kechuang_audit_owner;
  ALTER FUNCTION public.audit_canonical_v2(text, timestamptz, text, text, text, text, text, text, jsonb, jsonb, text, text, text, text) OWNER TO kechuang_audit_owner;
  ALTER FUNCTION public.audit_append(timestamptz, text, text, text, text, text, text, jsonb, jsonb, text, text, text, text, text, text) OWNER TO kechuang_audit_owner;
  ALTER FUNCTION public.audit_set_algorithm(text) OWNER TO kechuang_audit_owner;
  -- The guard lives in a schema of the owner's, where the database's owner cannot drop it; the
  -- one just defined in public replaces any earlier one.
  CREATE SCHEMA IF NOT EXISTS kechuang_audit AUTHORIZATION kechuang_audit_owner;
  ALTER SCHEMA kechuang_audit OWNER TO kechuang_audit_owner;
  DROP FUNCTION IF EXISTS kechuang_audit.audit_guard_ddl() CASCADE;
  ALTER FUNCTION public.audit_guard_ddl() SET SCHEMA kechuang_audit;
  ALTER FUNCTION kechuang_audit.audit_guard_ddl() OWNER TO kechuang_audit_owner;
  CREATE EVENT TRIGGER kechuang_audit_guard_drop ON sql_drop EXECUTE FUNCTION kechuang_audit.audit_guard_ddl();
  CREATE EVENT TRIGGER kechuang_audit_guard_rename ON ddl_command_end WHEN TAG IN ('ALTER SCHEMA') EXECUTE FUNCTION kechuang_audit.audit_guard_ddl();
  -- Whatever anyone else was granted on the two tables goes, whoever granted it.
  FOR v_grantee IN
    SELECT DISTINCT CASE WHEN a.grantee = 0 THEN 'PUBLIC' ELSE quote_ident(pg_get_userbyid(a.grantee)) END
    FROM pg_class c, aclexplode(c.relacl) a
    WHERE c.oid IN ('public.audit_log'::regclass, 'public.audit_head'::regclass) AND a.grantee <> c.relowner
  LOOP
    EXECUTE format('REVOKE ALL ON public.audit_log, public.audit_head FROM %s', v_grantee);
  END LOOP;
  REVOKE ALL ON public.audit_log, public.audit_head FROM PUBLIC;
  GRANT SELECT ON public.audit_log, public.audit_head TO kechuang_audit_writer;
  REVOKE ALL ON FUNCTION public.audit_append(timestamptz, text, text, text, text, text, text, jsonb, jsonb, text, text, text, text, text, text) FROM PUBLIC;
  REVOKE ALL ON FUNCTION public.audit_set_algorithm(text) FROM PUBLIC;
  GRANT EXECUTE ON FUNCTION public.audit_append(timestamptz, text, text, text, text, text, text, jsonb, jsonb, text, text, text, text, text, text) TO kechuang_audit_writer;
  GRANT EXECUTE ON FUNCTION public.audit_set_algorithm(text) TO kechuang_audit_writer;
  RETURN 'separated: owned by kechuang_audit_owner';
END;
$$;
--> statement-breakpoint
SELECT pg_temp.audit_secure_chain() AS audit_chain;
