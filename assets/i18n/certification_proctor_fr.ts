<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="fr" sourcelanguage="en">
<context>
    <name>ExamSessionWindow</name>
    <message>
        <source>Supervised exam sessions</source>
        <translation>Séances d&apos;examen surveillé</translation>
    </message>
    <message>
        <source>Open a supervised exam session</source>
        <translation>Ouvrir une séance d&apos;examen surveillé</translation>
    </message>
    <message>
        <source>&amp;Group:</source>
        <translation>&amp;Groupe :</translation>
    </message>
    <message>
        <source>C&amp;ourse:</source>
        <translation>C&amp;ours :</translation>
    </message>
    <message>
        <source>&amp;Open the session</source>
        <translation>&amp;Ouvrir la séance</translation>
    </message>
    <message>
        <source>&amp;Session:</source>
        <translation>&amp;Séance :</translation>
    </message>
    <message>
        <source>Save the &amp;attendance</source>
        <translation>Enregistrer les &amp;présences</translation>
    </message>
    <message>
        <source>&amp;Co-sign the sheets of present learners</source>
        <translation>&amp;Contresigner les copies des présent·es</translation>
    </message>
    <message>
        <source>&amp;Decline the selected learner&apos;s sheet</source>
        <translation>&amp;Refuser la copie de la personne choisie</translation>
    </message>
    <message>
        <source>C&amp;lose the session</source>
        <translation>C&amp;lore la séance</translation>
    </message>
    <message>
        <source>&amp;Refresh</source>
        <translation>&amp;Actualiser</translation>
    </message>
    <message>
        <source>Attendance and answer sheets</source>
        <translation>Présences et copies</translation>
    </message>
    <message>
        <source>No session yet: choose a group and a course, then open the session.</source>
        <translation>Aucune séance : choisissez un groupe et un cours, puis ouvrez la séance.</translation>
    </message>
    <message>
        <source>Write this code on the board: each learner types it before starting the exam. Tick who is present. When the learners have handed in, bring their answer sheets to this PC (sync, or Other PCs by USB) and co-sign them.</source>
        <translation>Écrivez ce code au tableau : chaque personne le tape avant de commencer l&apos;examen. Cochez les présent·es. Quand les copies sont rendues, faites-les venir sur ce PC (synchronisation, ou Autres PC par clé USB) et contresignez-les.</translation>
    </message>
    <message>
        <source>Session closed at %1. Answer sheets arriving now can still be co-signed.</source>
        <translation>Séance close à %1. Les copies qui arrivent maintenant peuvent encore être contresignées.</translation>
    </message>
    <message>
        <source>Session opened: code %1.</source>
        <translation>Séance ouverte : code %1.</translation>
    </message>
    <message>
        <source>Attendance saved.</source>
        <translation>Présences enregistrées.</translation>
    </message>
    <message>
        <source>No answer sheet to answer: they reach this PC with the next sync or USB import.</source>
        <translation>Aucune copie à traiter : elles arrivent sur ce PC avec la prochaine synchronisation ou importation par clé USB.</translation>
    </message>
    <message>
        <source>%1 answer sheet(s) co-signed.</source>
        <translation>%1 copie(s) contresignée(s).</translation>
    </message>
    <message>
        <source>%1 answer sheet(s) declined.</source>
        <translation>%1 copie(s) refusée(s).</translation>
    </message>
    <message>
        <source>Session closed.</source>
        <translation>Séance close.</translation>
    </message>
</context>
<context>
    <name>SheetTableModel</name>
    <message>
        <source>Present</source>
        <translation>Présent·e</translation>
    </message>
    <message>
        <source>Learner</source>
        <translation>Apprenant·e</translation>
    </message>
    <message>
        <source>Answer sheets in this session</source>
        <translation>Copies de cette séance</translation>
    </message>
    <message>
        <source>none yet</source>
        <translation>aucune pour l&apos;instant</translation>
    </message>
    <message>
        <source>co-signed</source>
        <translation>contresignée</translation>
    </message>
    <message>
        <source>declined</source>
        <translation>refusée</translation>
    </message>
    <message>
        <source>to co-sign</source>
        <translation>à contresigner</translation>
    </message>
    <message>
        <source>handed in after %1 min — %2</source>
        <translation>rendue après %1 min — %2</translation>
    </message>
</context>
</TS>
