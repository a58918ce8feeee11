"""An import-linter contract: a domain module uses another only through its services/selectors.

`lint-imports` loads it (pyproject.toml, [tool.importlinter] contract_types). Import-linter's
own "forbidden" and "protected" contracts need every named module to exist, and the domain
modules' views and forms arrive one issue at a time, so this contract states the rule itself:
for each pair of different modules in `modules`, every direct import of one by the other must
land in one of the `allowed` submodules (or their children).
"""

from importlinter import Contract, ContractCheck, fields, output


class DomainApiContract(Contract):
    type_name = "domain_api"

    modules = fields.ListField(subfield=fields.StringField())
    allowed = fields.ListField(subfield=fields.StringField())

    def check(self, graph, verbose: bool) -> ContractCheck:
        modules = [m for m in self.modules if m in graph.modules]
        illegal = []
        for imported_root in modules:
            allowed = {f"{imported_root}.{name}" for name in self.allowed}
            targets = {imported_root, *graph.find_descendants(imported_root)}
            for imported in sorted(targets):
                if any(imported == a or imported.startswith(a + ".") for a in allowed):
                    continue
                for importer in sorted(graph.find_modules_that_directly_import(imported)):
                    importer_root = importer.split(".")[0]
                    if importer_root == imported_root or importer_root not in modules:
                        continue
                    for detail in graph.get_import_details(importer=importer, imported=imported):
                        illegal.append((importer, imported, detail["line_number"]))
        return ContractCheck(kept=not illegal, metadata={"illegal": illegal})

    def render_broken_contract(self, check: ContractCheck) -> None:
        allowed = " or ".join(self.allowed)
        for importer, imported, line in check.metadata["illegal"]:
            output.print_error(
                f"{importer} imports {imported} (l.{line}); use its {allowed} instead.",
                bold=False,
            )
            output.new_line()
