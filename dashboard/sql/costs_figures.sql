-- the jurisdiction's cost figures (etl/sql/cost_views.sql: v_cost_figures)
select * from v_cost_figures
