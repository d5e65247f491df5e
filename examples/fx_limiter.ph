-- Limiter: a saw driven to twice full scale is held to a 0.5 ceiling (no clipping).
out: saw 110 * 2 # limiter 0.5
