"""Completion for Windows PowerShell (5.1, as Windows ships it, and 7), beside Click's own
for bash, zsh and fish.

`handouts` is asked as Click asks it for the other shells: _HANDOUTS_COMPLETE names the
shell's instruction, COMP_WORDS holds the command line up to the cursor and COMP_INCOMPLETE
the word being typed. Where a folder or file is wanted, nothing is answered, and PowerShell
completes the path itself.
"""

from __future__ import annotations

import os

from click.shell_completion import (
    CompletionItem,
    ShellComplete,
    add_completion_class,
    split_arg_string,
)

_SOURCE = """\
Register-ArgumentCompleter -Native -CommandName %(prog_name)s -ScriptBlock {
    param($wordToComplete, $commandAst, $cursorPosition)
    $line = $commandAst.Extent.Text
    $upTo = $cursorPosition - $commandAst.Extent.StartOffset
    if ($upTo -lt $line.Length) { $line = $line.Substring(0, $upTo) }
    $env:COMP_WORDS = $line
    $env:COMP_INCOMPLETE = $wordToComplete
    $env:%(complete_var)s = "powershell_complete"
    & %(prog_name)s | ForEach-Object {
        $kind, $value = $_ -split "`t", 2
        if ($kind -eq "plain") {
            $text = if ($value -match "\\s") { "'" + $value + "'" } else { $value }
            [System.Management.Automation.CompletionResult]::new(
                $text, $value, "ParameterValue", $value)
        }
    }
    Remove-Item Env:\\COMP_WORDS, Env:\\COMP_INCOMPLETE, Env:\\%(complete_var)s -ErrorAction Ignore
}
"""


@add_completion_class
class PowerShellComplete(ShellComplete):
    """`handouts` completion for PowerShell: `_HANDOUTS_COMPLETE=powershell_source`."""

    name = "powershell"
    source_template = _SOURCE

    def source_vars(self) -> dict[str, str]:
        """The script completes the installed command, `handouts`, however it was asked for
        (`handouts.exe`, `python -m handouts`)."""
        return {**super().source_vars(), "prog_name": "handouts"}

    def get_completion_args(self) -> tuple[list[str], str]:
        words = split_arg_string(os.environ.get("COMP_WORDS", ""))
        incomplete = os.environ.get("COMP_INCOMPLETE", "")
        args = words[1:]
        if incomplete and args and args[-1] == incomplete:
            args.pop()
        return args, incomplete

    def format_completion(self, item: CompletionItem) -> str:
        return f"{item.type}\t{item.value}"
