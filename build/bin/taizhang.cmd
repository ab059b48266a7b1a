@echo off
rem taizhang - the command line of the installed Taizhang app (no Node.js needed).
rem Runs the CLI the app carries on the app's own runtime: taizhang.exe --cli -- (arguments).
rem Lives in (install folder)\resources\bin\ - put that folder on PATH to type "taizhang" anywhere.
rem A batch file waits for the GUI-subsystem exe, so ERRORLEVEL is the command's exit code:
rem 0 ok, 1 rejected rows or conflicts, 2 bad usage or unreadable input. The exe attaches to this
rem console for its output, or keeps output that was redirected to a file or a pipe.
rem The "--" keeps Chromium and Electron from reading the arguments as their own switches.
setlocal
"%~dp0..\..\taizhang.exe" --cli -- %*
exit /b %ERRORLEVEL%
