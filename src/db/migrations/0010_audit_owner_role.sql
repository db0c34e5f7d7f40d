-- The audit chain is appended to by the database, not by the application (docs/audit.md):
-- audit_append() locks the chain, reads the head, hashes the row (sha256-v2, computed here),
-- inserts it and advances the head in one call. audit_secure_chain() then hands both tables and
-- these functions to the NOLOGIN role kechuang_audit_owner, so that a role which may only call
-- audit_append() (a member of kechuang_audit_writer) can neither write the tables directly, nor
-- disable their trigger, nor replace the functions.
ALTER TABLE "audit_head" ALTER COLUMN "algorithm" SET DEFAULT 'sha256-v2';
--> statement-breakpoint
-- New rows are hashed by the database; a deployment that chose SM3 keeps it (hashed by the application).
UPDATE audit_head SET algorithm = 'sha256-v2' WHERE algorithm = 'sha256';
--> statement-breakpoint
-- The canonical text of a sha256-v2 row; src/audit/audit-hash.ts (canonicalAuditTextV2) builds the same bytes.
CREATE FUNCTION audit_canonical_v2(
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
CREATE FUNCTION audit_append(
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
CREATE FUNCTION audit_set_algorithm(p_algorithm text) RETURNS void
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
CREATE FUNCTION audit_guard_ddl() RETURNS event_trigger LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
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
-- away); run by anyone else it changes nothing and says so — an administrator runs
-- `SELECT audit_secure_chain();` later as a superuser. Roles belong to the whole server, so both
-- are created once and shared by every Kechuang database on it.
CREATE FUNCTION audit_secure_chain() RETURNS text LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  v_previous_owner name;
  v_previous_owner_super boolean;
  v_grantee text;
BEGIN
  IF NOT (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) THEN
    RAISE WARNING 'audit_log stays owned by %, which can rewrite it: run SELECT audit_secure_chain(); as a superuser (docs/audit.md)', current_user;
    RETURN 'not separated: ' || current_user || ' is not a superuser';
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
  ALTER FUNCTION public.audit_log_refuse_change() OWNER TO kechuang_audit_owner;
  ALTER FUNCTION public.audit_canonical_v2(text, timestamptz, text, text, text, text, text, text, jsonb, jsonb, text, text, text, text) OWNER TO kechuang_audit_owner;
  ALTER FUNCTION public.audit_append(timestamptz, text, text, text, text, text, text, jsonb, jsonb, text, text, text, text, text, text) OWNER TO kechuang_audit_owner;
  ALTER FUNCTION public.audit_set_algorithm(text) OWNER TO kechuang_audit_owner;
  -- The guard lives in a schema of the owner's, where the database's owner cannot drop it.
  CREATE SCHEMA IF NOT EXISTS kechuang_audit AUTHORIZATION kechuang_audit_owner;
  IF to_regprocedure('public.audit_guard_ddl()') IS NOT NULL THEN
    ALTER FUNCTION public.audit_guard_ddl() SET SCHEMA kechuang_audit;
  END IF;
  ALTER FUNCTION kechuang_audit.audit_guard_ddl() OWNER TO kechuang_audit_owner;
  IF NOT EXISTS (SELECT 1 FROM pg_event_trigger WHERE evtname = 'kechuang_audit_guard_drop') THEN
    CREATE EVENT TRIGGER kechuang_audit_guard_drop ON sql_drop EXECUTE FUNCTION kechuang_audit.audit_guard_ddl();
  END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_event_trigger WHERE evtname = 'kechuang_audit_guard_rename') THEN
    CREATE EVENT TRIGGER kechuang_audit_guard_rename ON ddl_command_end WHEN TAG IN ('ALTER SCHEMA') EXECUTE FUNCTION kechuang_audit.audit_guard_ddl();
  END IF;
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
REVOKE ALL ON FUNCTION audit_secure_chain() FROM PUBLIC;
--> statement-breakpoint
SELECT audit_secure_chain();
