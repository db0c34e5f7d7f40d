-- Work queues and review by level (issue 11): a returned value is its own state (returned) with
-- who returned it, when and why; a submitted value carries the level whose reviewer acts next
-- (city: the county's city leader; region: the coordinator) and who submitted it. Reviewers'
-- reasons and comments are kept in indicator_value_comments, beside the audit log.
ALTER TABLE "indicator_values" ADD COLUMN "review_level" text;
--> statement-breakpoint
ALTER TABLE "indicator_values" ADD COLUMN "submitted_by" text;
--> statement-breakpoint
ALTER TABLE "indicator_values" ADD COLUMN "submitted_at" timestamp with time zone;
--> statement-breakpoint
ALTER TABLE "indicator_values" ADD COLUMN "returned_by" text;
--> statement-breakpoint
ALTER TABLE "indicator_values" ADD COLUMN "returned_at" timestamp with time zone;
--> statement-breakpoint
ALTER TABLE "indicator_values" ADD COLUMN "return_reason" text;
--> statement-breakpoint
UPDATE "indicator_values" SET "review_level" = 'region', "submitted_by" = "updated_by", "submitted_at" = "updated_at" WHERE "status" = 'submitted';
--> statement-breakpoint
CREATE TABLE "indicator_value_comments" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "indicator_value_comments_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"value_id" uuid NOT NULL,
	"indicator" text NOT NULL,
	"org" text NOT NULL,
	"period" text NOT NULL,
	"action" text NOT NULL,
	"level" text,
	"body" text NOT NULL,
	"author" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE INDEX "indicator_value_comments_key" ON "indicator_value_comments" USING btree ("indicator","org","period");
--> statement-breakpoint
-- A platform seeded before review by level: its city leaders review their counties' values from
-- now on (a fresh platform is seeded with this default from the action catalogue).
INSERT INTO "role_permissions" ("role", "action", "scope")
SELECT 'area_leader', 'indicators.approve', 'own_area'
WHERE EXISTS (SELECT 1 FROM "role_permissions" WHERE "action" = 'indicators.approve')
ON CONFLICT DO NOTHING;
