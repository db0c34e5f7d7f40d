-- Issue 14 (supervision, 督查督办): measures with their cycles and close-off, assignments to
-- units and area governments, yearly work points, milestones, reports and contributions with
-- their history, and evidence files (stored under $DATA_DIR/files/supervision/<id>).
CREATE TABLE "supervision_measures" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"pack_id" text NOT NULL,
	"key" text NOT NULL,
	"task_id" text NOT NULL,
	"parent_id" uuid,
	"position" integer NOT NULL,
	"title" text NOT NULL,
	"text" text NOT NULL,
	"source" text NOT NULL,
	"frequency" text DEFAULT 'quarterly' NOT NULL,
	"due_day" integer DEFAULT 10 NOT NULL,
	"deadline" date,
	"tracked_from" date NOT NULL,
	"state" text DEFAULT 'open' NOT NULL,
	"closed_at" timestamp with time zone,
	"closed_by" text,
	"close_comment" text,
	"close_evidence" jsonb,
	"created_at" timestamp with time zone NOT NULL,
	"created_by" text NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "supervision_measures_due_day" CHECK ("due_day" between 1 and 28)
);
--> statement-breakpoint
CREATE UNIQUE INDEX "supervision_measures_pack_key" ON "supervision_measures" USING btree ("pack_id","key");--> statement-breakpoint
CREATE INDEX "supervision_measures_task_idx" ON "supervision_measures" USING btree ("pack_id","task_id");--> statement-breakpoint
CREATE TABLE "supervision_assignments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"measure_id" uuid NOT NULL REFERENCES "supervision_measures"("id"),
	"assignee_kind" text NOT NULL,
	"assignee_id" text NOT NULL,
	"role" text NOT NULL,
	"source" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX "supervision_assignments_key" ON "supervision_assignments" USING btree ("measure_id","assignee_kind","assignee_id");--> statement-breakpoint
CREATE INDEX "supervision_assignments_assignee_idx" ON "supervision_assignments" USING btree ("assignee_kind","assignee_id");--> statement-breakpoint
CREATE TABLE "supervision_work_points" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"measure_id" uuid NOT NULL REFERENCES "supervision_measures"("id"),
	"year" integer NOT NULL,
	"title" text NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE INDEX "supervision_work_points_measure_idx" ON "supervision_work_points" USING btree ("measure_id");--> statement-breakpoint
CREATE TABLE "supervision_milestones" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"measure_id" uuid NOT NULL REFERENCES "supervision_measures"("id"),
	"title" text NOT NULL,
	"due_date" date NOT NULL,
	"target_percent" integer NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "supervision_milestones_percent" CHECK ("target_percent" between 0 and 100)
);
--> statement-breakpoint
CREATE INDEX "supervision_milestones_measure_idx" ON "supervision_milestones" USING btree ("measure_id");--> statement-breakpoint
CREATE TABLE "supervision_reports" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"measure_id" uuid NOT NULL REFERENCES "supervision_measures"("id"),
	"assignee_kind" text NOT NULL,
	"assignee_id" text NOT NULL,
	"period" text NOT NULL,
	"kind" text NOT NULL,
	"state" text NOT NULL,
	"status" text,
	"percent" integer,
	"narrative" text NOT NULL,
	"figures" jsonb NOT NULL,
	"indicator_links" jsonb NOT NULL,
	"revision" integer DEFAULT 1 NOT NULL,
	"due_on" date NOT NULL,
	"submitted_at" timestamp with time zone,
	"submitted_by" text,
	"first_submitted_at" timestamp with time zone,
	"reviewed_at" timestamp with time zone,
	"reviewed_by" text,
	"return_comment" text,
	"created_at" timestamp with time zone NOT NULL,
	"created_by" text NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "supervision_reports_percent" CHECK ("percent" is null or "percent" between 0 and 100)
);
--> statement-breakpoint
CREATE UNIQUE INDEX "supervision_reports_key" ON "supervision_reports" USING btree ("measure_id","assignee_kind","assignee_id","period");--> statement-breakpoint
CREATE INDEX "supervision_reports_state_idx" ON "supervision_reports" USING btree ("state");--> statement-breakpoint
CREATE INDEX "supervision_reports_assignee_idx" ON "supervision_reports" USING btree ("assignee_kind","assignee_id");--> statement-breakpoint
CREATE TABLE "supervision_report_history" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "supervision_report_history_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"report_id" uuid NOT NULL REFERENCES "supervision_reports"("id"),
	"revision" integer NOT NULL,
	"action" text NOT NULL,
	"from_state" text,
	"to_state" text NOT NULL,
	"actor" text NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"comment" text,
	"snapshot" jsonb
);
--> statement-breakpoint
CREATE INDEX "supervision_report_history_report_idx" ON "supervision_report_history" USING btree ("report_id");--> statement-breakpoint
CREATE TABLE "supervision_evidence" (
	"id" uuid PRIMARY KEY NOT NULL,
	"report_id" uuid NOT NULL REFERENCES "supervision_reports"("id"),
	"file_name" text NOT NULL,
	"original_name" text,
	"media_type" text NOT NULL,
	"size" integer NOT NULL,
	"sha256" text NOT NULL,
	"storage_key" text NOT NULL,
	"uploaded_by" text NOT NULL,
	"uploaded_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE INDEX "supervision_evidence_report_idx" ON "supervision_evidence" USING btree ("report_id");
