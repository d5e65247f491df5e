// Forward declaration of the signal-graph expression (owned by the lead; defined in compiler/graph/).
#pragma once
namespace phonon {
struct SignalExpr;
}
