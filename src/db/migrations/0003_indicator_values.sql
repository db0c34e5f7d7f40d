CREATE TABLE "indicator_period_locks" (
	"org" text NOT NULL,
	"period" text NOT NULL,
	"locked_by" text,
	"locked_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "indicator_period_locks_org_period_pk" PRIMARY KEY("org","period")
);
--> statement-breakpoint
CREATE TABLE "indicator_value_revisions" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "indicator_value_revisions_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"value_id" uuid NOT NULL,
	"indicator" text NOT NULL,
	"org" text NOT NULL,
	"period" text NOT NULL,
	"revision" integer NOT NULL,
	"change" text NOT NULL,
	"value" numeric NOT NULL,
	"unit" text NOT NULL,
	"qualifier" text NOT NULL,
	"source" text,
	"status" text NOT NULL,
	"origin" text NOT NULL,
	"changed_by" text,
	"changed_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "indicator_values" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"indicator" text NOT NULL,
	"org" text NOT NULL,
	"period" text NOT NULL,
	"value" numeric NOT NULL,
	"unit" text NOT NULL,
	"entered_value" numeric NOT NULL,
	"entered_unit" text,
	"qualifier" text DEFAULT 'exact' NOT NULL,
	"source" text,
	"status" text NOT NULL,
	"revision" integer DEFAULT 1 NOT NULL,
	"origin" text NOT NULL,
	"updated_by" text,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"approved_by" text,
	"approved_at" timestamp with time zone
);
--> statement-breakpoint
CREATE INDEX "indicator_value_revisions_key" ON "indicator_value_revisions" USING btree ("indicator","org","period");--> statement-breakpoint
CREATE UNIQUE INDEX "indicator_values_key" ON "indicator_values" USING btree ("indicator","org","period");--> statement-breakpoint
CREATE INDEX "indicator_values_org_idx" ON "indicator_values" USING btree ("org","indicator");