-- Issue 14 (supervision notices, 督办单): notices issued by the coordinator to a unit or an area
-- with a response deadline, moved along src/notices/notice-states.ts (issued → answered → closed,
-- returned and reopened), every move kept in supervision_notice_transitions; numbered per year.
-- Reminders (提醒, 催办): one row per occurrence keyed by its unique key, so that the tick job on
-- several app servers inserts each once and only the inserter sends it through the channels.
CREATE TABLE "supervision_notices" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"year" integer NOT NULL,
	"seq" integer NOT NULL,
	"assignee_kind" text NOT NULL,
	"assignee_id" text NOT NULL,
	"assignee_name" text NOT NULL,
	"subject" text NOT NULL,
	"text" text NOT NULL,
	"reference_pack_id" text,
	"reference_kind" text,
	"reference_id" text,
	"reference_task_id" text,
	"reference_title" text,
	"deadline" date NOT NULL,
	"state" text NOT NULL,
	"response_text" text,
	"response_evidence" text,
	"answered_on" date,
	"answered_at" timestamp with time zone,
	"answered_by" text,
	"return_reason" text,
	"issued_on" date NOT NULL,
	"issued_at" timestamp with time zone NOT NULL,
	"issued_by" text NOT NULL,
	"closed_at" timestamp with time zone,
	"closed_by" text,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "supervision_notices_state_known" CHECK ("state" in ('issued', 'answered', 'closed')),
	CONSTRAINT "supervision_notices_assignee_kind_known" CHECK ("assignee_kind" in ('unit', 'area'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX "supervision_notices_year_seq_key" ON "supervision_notices" USING btree ("year","seq");
--> statement-breakpoint
CREATE INDEX "supervision_notices_assignee_idx" ON "supervision_notices" USING btree ("assignee_kind","assignee_id");
--> statement-breakpoint
CREATE INDEX "supervision_notices_state_idx" ON "supervision_notices" USING btree ("state","deadline");
--> statement-breakpoint
CREATE TABLE "supervision_notice_transitions" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "supervision_notice_transitions_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"notice_id" uuid NOT NULL,
	"action" text NOT NULL,
	"from_state" text,
	"to_state" text NOT NULL,
	"actor" text NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"note" text
);
--> statement-breakpoint
ALTER TABLE "supervision_notice_transitions" ADD CONSTRAINT "supervision_notice_transitions_notice_id_supervision_notices_id_fk" FOREIGN KEY ("notice_id") REFERENCES "public"."supervision_notices"("id") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint
CREATE INDEX "supervision_notice_transitions_notice_idx" ON "supervision_notice_transitions" USING btree ("notice_id");
--> statement-breakpoint
CREATE TABLE "reminders" (
	"key" text PRIMARY KEY NOT NULL,
	"source" text NOT NULL,
	"kind" text NOT NULL,
	"assignee_kind" text NOT NULL,
	"assignee_id" text NOT NULL,
	"assignee_name" text NOT NULL,
	"title" text NOT NULL,
	"body" text NOT NULL,
	"due_date" date,
	"notice_id" uuid,
	"measure_id" text,
	"period" text,
	"created_on" date NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"delivery" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"delivered_at" timestamp with time zone,
	"read_at" timestamp with time zone,
	"read_by" text,
	CONSTRAINT "reminders_source_known" CHECK ("source" in ('notice', 'report')),
	CONSTRAINT "reminders_assignee_kind_known" CHECK ("assignee_kind" in ('unit', 'area'))
);
--> statement-breakpoint
CREATE INDEX "reminders_assignee_idx" ON "reminders" USING btree ("assignee_kind","assignee_id","created_on");
--> statement-breakpoint
CREATE INDEX "reminders_pending_idx" ON "reminders" USING btree ("delivered_at");
