-- Issue 12 (profiles): what the incentive rules read from the enterprise registry beyond the
-- yearly financials. Events (事件) are kept on the enterprise's row as a jsonb list of
-- { type, year, amount? } (first_above_scale, first_innovative_demo_enterprise, national_st_award
-- with the national prize in yuan as an exact decimal string), so that an edit of them goes
-- through the enterprise's optimistic check, history and audit like every other field. The
-- experts' innovation score of high-tech recognition (0–100) and three declarations whose absence
-- means "not declared" (NULL, never false). The yearly figures total_liabilities and
-- rd_expense_deduction live in the existing `years` jsonb and need no column.
ALTER TABLE "enterprises" ADD COLUMN "events" jsonb DEFAULT '[]'::jsonb NOT NULL;
--> statement-breakpoint
ALTER TABLE "enterprises" ADD COLUMN "hte_innovation_score" integer;
--> statement-breakpoint
ALTER TABLE "enterprises" ADD CONSTRAINT "enterprises_hte_innovation_score_range" CHECK ("hte_innovation_score" BETWEEN 0 AND 100);
--> statement-breakpoint
ALTER TABLE "enterprises" ADD COLUMN "deemed_taxation" boolean;
--> statement-breakpoint
ALTER TABLE "enterprises" ADD COLUMN "western_development_encouraged" boolean;
--> statement-breakpoint
ALTER TABLE "enterprises" ADD COLUMN "ic_or_machine_tool_list" boolean;
