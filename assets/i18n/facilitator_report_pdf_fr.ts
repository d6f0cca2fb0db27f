<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="fr" sourcelanguage="en">
<context>
    <name>ReportPdf</name>
    <message>
        <source>Connexions Citoyennes — progress report</source>
        <translation>Connexions Citoyennes — rapport de progression</translation>
    </message>
    <message>
        <source>All learners</source>
        <translation>Tous les apprenants</translation>
    </message>
    <message>
        <source>Group: %1</source>
        <translation>Groupe : %1</translation>
    </message>
    <message>
        <source>Period: %1 to %2</source>
        <translation>Période : du %1 au %2</translation>
    </message>
    <message>
        <source>Period: all activity</source>
        <translation>Période : toute l&apos;activité</translation>
    </message>
    <message>
        <source>Generated on %1</source>
        <translation>Généré le %1</translation>
    </message>
    <message>
        <source>Learners</source>
        <translation>Apprenants</translation>
    </message>
    <message>
        <source>Share of women</source>
        <translation>Part des femmes</translation>
    </message>
    <message>
        <source>Average progress</source>
        <translation>Progression moyenne</translation>
    </message>
    <message>
        <source>Completed the course</source>
        <translation>Ont terminé le cours</translation>
    </message>
    <message>
        <source>Certified</source>
        <translation>Certifiés</translation>
    </message>
    <message>
        <source>Attendance</source>
        <translation>Assiduité</translation>
    </message>
    <message>
        <source>Countries</source>
        <translation>Pays</translation>
    </message>
    <message>
        <source>Learners by gender</source>
        <translation>Apprenants par genre</translation>
    </message>
    <message>
        <source>Learners by country</source>
        <translation>Apprenants par pays</translation>
    </message>
    <message>
        <source>Learners by category</source>
        <translation>Apprenants par catégorie</translation>
    </message>
    <message>
        <source>Capsule completion (% of learners)</source>
        <translation>Achèvement des capsules (% des apprenants)</translation>
    </message>
    <message>
        <source>Hardest questions</source>
        <translation>Questions les plus difficiles</translation>
    </message>
    <message>
        <source>Group sessions</source>
        <translation>Séances de groupe</translation>
    </message>
    <message>
        <source>Learners in detail</source>
        <translation>Apprenants en détail</translation>
    </message>
    <message>
        <source>%1 learners: the detail of each learner is in the CSV export.</source>
        <translation>%1 apprenants : le détail par apprenant est dans l&apos;export CSV.</translation>
    </message>
    <message>
        <source>No data for this selection.</source>
        <translation>Aucune donnée pour cette sélection.</translation>
    </message>
    <message>
        <source>Women</source>
        <translation>Femmes</translation>
    </message>
    <message>
        <source>Progress</source>
        <translation>Progression</translation>
    </message>
    <message>
        <source>Completed</source>
        <translation>Terminé</translation>
    </message>
    <message>
        <source>Country</source>
        <translation>Pays</translation>
    </message>
    <message>
        <source>Category</source>
        <translation>Catégorie</translation>
    </message>
    <message>
        <source>By country and category</source>
        <translation>Par pays et par catégorie</translation>
    </message>
    <message>
        <source>Capsule</source>
        <translation>Capsule</translation>
    </message>
    <message>
        <source>Question</source>
        <translation>Question</translation>
    </message>
    <message>
        <source>Answers</source>
        <translation>Réponses</translation>
    </message>
    <message>
        <source>Success</source>
        <translation>Réussite</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>Date</translation>
    </message>
    <message>
        <source>Group</source>
        <translation>Groupe</translation>
    </message>
    <message>
        <source>Capsules</source>
        <translation>Capsules</translation>
    </message>
    <message>
        <source>Present</source>
        <translation>Présent·e</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Nom</translation>
    </message>
    <message>
        <source>Quiz</source>
        <translation>Quiz</translation>
    </message>
    <message>
        <source>Certificate</source>
        <translation>Certificat</translation>
    </message>
    <message>
        <source>Page %1</source>
        <translation>Page %1</translation>
    </message>
    <message>
        <source>Men</source>
        <translation>Hommes</translation>
    </message>
    <message>
        <source>Other</source>
        <translation>Autre</translation>
    </message>
    <message>
        <source>Not stated</source>
        <translation>Non renseigné</translation>
    </message>
    <message>
        <source>Students</source>
        <translation>Étudiant·es</translation>
    </message>
    <message>
        <source>Civil society</source>
        <translation>Société civile</translation>
    </message>
    <message>
        <source>Media</source>
        <translation>Médias</translation>
    </message>
    <message>
        <source>Public authorities</source>
        <translation>Autorités publiques</translation>
    </message>
    <message>
        <source>Entrepreneurs</source>
        <translation>Entrepreneur·es</translation>
    </message>
    <message>
        <source>none</source>
        <translation>aucun</translation>
    </message>
    <message>
        <source>not passed</source>
        <translation>non obtenu</translation>
    </message>
    <message>
        <source>pending</source>
        <translation>en attente</translation>
    </message>
    <message>
        <source>certified</source>
        <translation>certifié·e</translation>
    </message>
</context>
</TS>
