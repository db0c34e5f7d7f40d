-- Issue 13 (the job queue's other long jobs): reports generated in the background. The file is
-- kept in the row (bytea), so that any app server can serve what any worker made.
CREATE TABLE "report_jobs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"kind" text NOT NULL,
	"params" jsonb NOT NULL,
	"requested_by" uuid NOT NULL,
	"requested_by_name" text NOT NULL,
	"state" text DEFAULT 'queued' NOT NULL,
	"file_name" text,
	"media_type" text,
	"content" bytea,
	"size" integer,
	"error" text,
	"error_en" text,
	"created_at" timestamp with time zone NOT NULL,
	"started_at" timestamp with time zone,
	"finished_at" timestamp with time zone,
	"attempts" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "report_jobs_state_check" CHECK ("state" in ('queued', 'running', 'done', 'failed'))
);
--> statement-breakpoint
CREATE INDEX "report_jobs_requester_idx" ON "report_jobs" USING btree ("requested_by","created_at");--> statement-breakpoint
CREATE INDEX "report_jobs_created_idx" ON "report_jobs" USING btree ("created_at");
