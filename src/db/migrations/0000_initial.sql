CREATE TABLE "areas" (
	"code" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"parent_code" text,
	"level" text NOT NULL,
	"edition" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "policy_pack_versions" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "policy_pack_versions_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"pack_id" text NOT NULL,
	"version" text NOT NULL,
	"content_hash" text NOT NULL,
	"content" jsonb NOT NULL,
	"loaded_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "policy_packs" (
	"id" text PRIMARY KEY NOT NULL,
	"version" text NOT NULL,
	"title" text NOT NULL,
	"doc_number" text,
	"issued" date NOT NULL,
	"expires" date,
	"region" text NOT NULL,
	"content_hash" text NOT NULL,
	"content" jsonb NOT NULL,
	"loaded_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "zones" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"name_en" text NOT NULL,
	"management" text NOT NULL,
	"overlaps" jsonb NOT NULL,
	"note" text NOT NULL
);
--> statement-breakpoint
CREATE INDEX "areas_parent_code_idx" ON "areas" USING btree ("parent_code");--> statement-breakpoint
CREATE INDEX "policy_pack_versions_pack_idx" ON "policy_pack_versions" USING btree ("pack_id");