-- Areas' own targets set by the coordinator (目标分解): one value per (pack, target, area). A change
-- moves the packs counter (migration 0011), so cached evaluations are computed again.
CREATE TABLE "area_targets" (
	"pack" text NOT NULL,
	"target_id" text NOT NULL,
	"org" text NOT NULL,
	"value" numeric NOT NULL,
	"set_by" text,
	"set_at" timestamp with time zone DEFAULT now() NOT NULL,
	"note" text,
	CONSTRAINT "area_targets_pack_target_id_org_pk" PRIMARY KEY("pack","target_id","org")
);
--> statement-breakpoint
CREATE TRIGGER "area_targets_changed" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "area_targets" FOR EACH STATEMENT EXECUTE FUNCTION bump_change_counter('packs');
