-- Screening speed (issue 13): an enterprise's yearly figures and events are read whole, never
-- searched by key, so they are kept as `json` (the text as written) rather than `jsonb`. A
-- screening run reads a million of them as text: jsonb had to print each one again (about 4 µs
-- of the database's time an enterprise, a sixth of a run's), json hands back what it holds.
-- Nothing indexes or queries inside them; a merge of figures casts to jsonb and back.
ALTER TABLE "enterprises" ALTER COLUMN "years" DROP DEFAULT;
--> statement-breakpoint
ALTER TABLE "enterprises" ALTER COLUMN "years" SET DATA TYPE json USING "years"::json;
--> statement-breakpoint
ALTER TABLE "enterprises" ALTER COLUMN "years" SET DEFAULT '{}'::json;
--> statement-breakpoint
ALTER TABLE "enterprises" ALTER COLUMN "events" DROP DEFAULT;
--> statement-breakpoint
ALTER TABLE "enterprises" ALTER COLUMN "events" SET DATA TYPE json USING "events"::json;
--> statement-breakpoint
ALTER TABLE "enterprises" ALTER COLUMN "events" SET DEFAULT '[]'::json;
