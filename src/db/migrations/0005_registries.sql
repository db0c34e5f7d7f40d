CREATE TABLE "certifications" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"credit_code" text NOT NULL,
	"type" text NOT NULL,
	"number" text,
	"valid_from" date NOT NULL,
	"valid_to" date NOT NULL,
	"status" text DEFAULT 'valid' NOT NULL,
	"synthetic" boolean DEFAULT false NOT NULL
);
--> statement-breakpoint
CREATE TABLE "enterprises" (
	"credit_code" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"name_grams" text[] DEFAULT '{}'::text[] NOT NULL,
	"org" text NOT NULL,
	"industry" text,
	"founded" date,
	"above_scale" boolean DEFAULT false NOT NULL,
	"contact_name" text,
	"contact_phone" text,
	"years" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"synthetic" boolean DEFAULT false NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "platforms" (
	"registration_number" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"name_grams" text[] DEFAULT '{}'::text[] NOT NULL,
	"type" text NOT NULL,
	"level" text NOT NULL,
	"host" text NOT NULL,
	"host_credit_code" text,
	"org" text NOT NULL,
	"approved_on" date NOT NULL,
	"construction_from" date,
	"construction_to" date,
	"evaluations" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"synthetic" boolean DEFAULT false NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "registry_history" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "registry_history_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"registry" text NOT NULL,
	"key" text NOT NULL,
	"change" text NOT NULL,
	"before" jsonb,
	"after" jsonb,
	"changed_by" text,
	"changed_at" timestamp with time zone DEFAULT now() NOT NULL,
	"revision" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "tech_contracts" (
	"registration_number" text PRIMARY KEY NOT NULL,
	"type" text NOT NULL,
	"contract_amount" numeric NOT NULL,
	"tech_amount" numeric NOT NULL,
	"seller_name" text NOT NULL,
	"seller_credit_code" text,
	"seller_org" text NOT NULL,
	"buyer_name" text NOT NULL,
	"buyer_credit_code" text,
	"buyer_org" text NOT NULL,
	"registered_on" date NOT NULL,
	"synthetic" boolean DEFAULT false NOT NULL
);
--> statement-breakpoint
CREATE INDEX "certifications_code_idx" ON "certifications" USING btree ("credit_code");--> statement-breakpoint
CREATE UNIQUE INDEX "certifications_key" ON "certifications" USING btree ("credit_code","type","valid_from");--> statement-breakpoint
CREATE INDEX "enterprises_org_idx" ON "enterprises" USING btree ("org");--> statement-breakpoint
CREATE INDEX "enterprises_name_grams_idx" ON "enterprises" USING gin ("name_grams");--> statement-breakpoint
CREATE INDEX "enterprises_name_prefix_idx" ON "enterprises" USING btree ("name" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "platforms_org_idx" ON "platforms" USING btree ("org");--> statement-breakpoint
CREATE INDEX "platforms_name_grams_idx" ON "platforms" USING gin ("name_grams");--> statement-breakpoint
CREATE INDEX "registry_history_key_idx" ON "registry_history" USING btree ("registry","key");--> statement-breakpoint
CREATE INDEX "tech_contracts_seller_idx" ON "tech_contracts" USING btree ("seller_org","registered_on");--> statement-breakpoint
CREATE INDEX "tech_contracts_buyer_idx" ON "tech_contracts" USING btree ("buyer_org","registered_on");