-- Issue 13 (award ledger): one award per enterprise × incentive × year, moved along the state
-- machine of src/awards/award-states.ts (candidate → confirmed → announced → period_ended →
-- approved → paid, objections, withdrawal), every move kept in award_transitions. 公示 notices
-- and their items, objections, payments. A payment's key (`incentive:enterprise` for a one-time
-- award, `incentive:enterprise:year` for a yearly one) is unique: the database refuses a second
-- payment of the same award, whatever the application does.
CREATE TABLE "awards" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"enterprise_id" text NOT NULL,
	"credit_code" text NOT NULL,
	"enterprise_name" text NOT NULL,
	"area_code" text NOT NULL,
	"incentive_id" text NOT NULL,
	"incentive_title" text NOT NULL,
	"pack_id" text NOT NULL,
	"year" integer NOT NULL,
	"frequency" text NOT NULL,
	"amount" numeric(18, 2) NOT NULL,
	"cap" numeric(18, 2),
	"state" text NOT NULL,
	"notice_id" uuid,
	"run_id" text,
	"created_at" timestamp with time zone NOT NULL,
	"created_by" text NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	"withdrawn_reason" text,
	CONSTRAINT "awards_amount_not_negative" CHECK ("amount" >= 0),
	CONSTRAINT "awards_frequency_known" CHECK ("frequency" IN ('one_time', 'yearly', 'per_construction_year')),
	CONSTRAINT "awards_state_known" CHECK ("state" IN ('candidate', 'confirmed', 'announced', 'objection_raised', 'period_ended', 'approved', 'paid', 'withdrawn'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX "awards_enterprise_incentive_year_key" ON "awards" USING btree ("enterprise_id","incentive_id","year");
--> statement-breakpoint
CREATE INDEX "awards_state_idx" ON "awards" USING btree ("state");
--> statement-breakpoint
CREATE INDEX "awards_credit_code_idx" ON "awards" USING btree ("credit_code");
--> statement-breakpoint
CREATE INDEX "awards_area_code_idx" ON "awards" USING btree ("area_code");
--> statement-breakpoint
CREATE TABLE "award_transitions" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "award_transitions_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"award_id" uuid NOT NULL REFERENCES "awards"("id"),
	"from_state" text,
	"to_state" text NOT NULL,
	"action" text NOT NULL,
	"actor" text NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"note" text
);
--> statement-breakpoint
CREATE INDEX "award_transitions_award_idx" ON "award_transitions" USING btree ("award_id");
--> statement-breakpoint
CREATE TABLE "award_notices" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"title" text NOT NULL,
	"published_at" timestamp with time zone NOT NULL,
	"published_on" date NOT NULL,
	"notice_days" integer NOT NULL,
	"ends_on" date NOT NULL,
	"state" text NOT NULL,
	"created_by" text NOT NULL,
	CONSTRAINT "award_notices_state_known" CHECK ("state" IN ('open', 'closed')),
	CONSTRAINT "award_notices_days_positive" CHECK ("notice_days" BETWEEN 1 AND 60)
);
--> statement-breakpoint
CREATE TABLE "award_notice_items" (
	"notice_id" uuid NOT NULL REFERENCES "award_notices"("id"),
	"award_id" uuid NOT NULL REFERENCES "awards"("id"),
	CONSTRAINT "award_notice_items_notice_id_award_id_pk" PRIMARY KEY("notice_id","award_id")
);
--> statement-breakpoint
CREATE TABLE "award_objections" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"award_id" uuid NOT NULL REFERENCES "awards"("id"),
	"raised_on" date NOT NULL,
	"text" text NOT NULL,
	"raised_by" text NOT NULL,
	"resolution" text,
	"outcome" text,
	"resolved_on" date,
	"resolved_by" text,
	CONSTRAINT "award_objections_outcome_known" CHECK ("outcome" IS NULL OR "outcome" IN ('dismissed', 'corrected', 'upheld'))
);
--> statement-breakpoint
CREATE INDEX "award_objections_award_idx" ON "award_objections" USING btree ("award_id");
--> statement-breakpoint
CREATE TABLE "award_payments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"award_id" uuid NOT NULL REFERENCES "awards"("id"),
	"amount" numeric(18, 2) NOT NULL,
	"paid_on" date NOT NULL,
	"reference" text NOT NULL,
	"payment_key" text NOT NULL,
	"recorded_by" text NOT NULL,
	"recorded_at" timestamp with time zone NOT NULL,
	CONSTRAINT "award_payments_amount_positive" CHECK ("amount" > 0)
);
--> statement-breakpoint
CREATE UNIQUE INDEX "award_payments_payment_key" ON "award_payments" USING btree ("payment_key");
--> statement-breakpoint
CREATE UNIQUE INDEX "award_payments_award_key" ON "award_payments" USING btree ("award_id");
