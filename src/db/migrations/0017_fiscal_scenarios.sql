-- Issue 13 (fiscal view): what-if scenarios the coordinator saves under a name. A what-if is
-- computed on request and stored only when saved; the row keeps its overrides and the summary
-- computed then (cost before and after by incentive and area, the firms that change).
CREATE TABLE "fiscal_scenarios" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"year" integer NOT NULL,
	"org" text,
	"overrides" jsonb NOT NULL,
	"result" jsonb NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "fiscal_scenarios_name_unique" UNIQUE("name")
);
